// The signing pages' scripts (parcours works without them where it can).
// 1. Signature pads: pointer events (touch, pen, mouse) drawn on a canvas and written into a
//    hidden field as the path of domain/drawn_signature.rs: "M x y L x y … M …", absolute
//    coordinates in a 300 × 100 box, one decimal at most.
// 2. The QR page: the code is fetched again and swapped in before it expires.
"use strict";

(() => {
  const WIDTH = 300;
  const HEIGHT = 100;
  const MAX_LENGTH = 19000; // the server refuses paths over 20 000 characters
  const tenth = (n) => Math.round(n * 10) / 10;

  function signaturePad(canvas) {
    const field = document.getElementById(canvas.dataset.target);
    const context = canvas.getContext("2d");
    if (!field || !context) return;
    const box = canvas.closest("[data-pad]");
    if (box) box.hidden = false;
    let parts = [];
    let length = 0;
    let last = null;
    let drawing = false;

    const scale = () => canvas.width / WIDTH;
    function point(event) {
      const rect = canvas.getBoundingClientRect();
      const x = ((event.clientX - rect.left) / rect.width) * WIDTH;
      const y = ((event.clientY - rect.top) / rect.height) * HEIGHT;
      return [tenth(Math.min(WIDTH, Math.max(0, x))), tenth(Math.min(HEIGHT, Math.max(0, y)))];
    }
    function push(command, p) {
      const part = `${command} ${p[0]} ${p[1]}`;
      if (length + part.length + 1 > MAX_LENGTH) return false;
      parts.push(part);
      length += part.length + 1;
      field.value = parts.join(" ");
      return true;
    }
    function stroke(from, to) {
      const s = scale();
      context.lineWidth = 2.5 * s;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#1e1e1e";
      context.beginPath();
      context.moveTo(from[0] * s, from[1] * s);
      context.lineTo(to[0] * s, to[1] * s);
      context.stroke();
    }

    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      try {
        canvas.setPointerCapture(event.pointerId);
      } catch (_) {
        // a synthetic or vanished pointer: draw without capturing it
      }
      const p = point(event);
      if (!push("M", p)) return;
      drawing = true;
      last = p;
      stroke(p, p);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      event.preventDefault();
      const p = point(event);
      if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 1) return;
      if (!push("L", p)) {
        drawing = false;
        return;
      }
      stroke(last, p);
      last = p;
    });
    const stop = () => { drawing = false; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("lostpointercapture", stop);

    document.querySelectorAll(`[data-clear="${canvas.id}"]`).forEach((button) => {
      button.addEventListener("click", () => {
        parts = [];
        length = 0;
        field.value = "";
        context.clearRect(0, 0, canvas.width, canvas.height);
      });
    });
  }

  function refreshingCode(box) {
    const seconds = document.getElementById("qr-seconds");
    const status = document.getElementById("qr-status");
    const url = document.getElementById("qr-url");
    let left = Number(box.dataset.refreshIn) || 30;
    let fetching = false;

    function refresh() {
      if (fetching) return;
      fetching = true;
      fetch(box.dataset.qrRefresh, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((code) => {
          box.innerHTML = code.svg;
          if (url) url.textContent = code.url;
          left = Number(code.refresh_in_seconds) || 30;
          if (status) status.textContent = "Nouveau code affiché.";
        })
        .catch(() => {
          left = 5;
          if (status) status.textContent = "Le code n'a pas pu être renouvelé : nouvel essai dans 5 secondes.";
        })
        .finally(() => { fetching = false; });
    }

    setInterval(() => {
      left -= 1;
      if (left <= 0) refresh();
      if (seconds) seconds.textContent = String(Math.max(left, 0));
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas.signature-pad").forEach(signaturePad);
    document.querySelectorAll("[data-qr-refresh]").forEach(refreshingCode);
  });
})();
