// parcours works without JavaScript; this only moves focus to a form's error summary.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// Copy buttons (hidden without JavaScript; the field stays selectable).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(field.value).then(() => { button.textContent = "Lien copié"; });
    });
  });
});

// Finding people as they type (ARIA 1.2 combobox with a listbox popup). Without JavaScript the
// same field runs a search whose results are ticked; here each suggestion chosen becomes a chip
// in the target form, carrying a hidden `advisor_id`, so both post the same form.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-people-search]").forEach((input, n) => {
    const form = document.getElementById(input.dataset.target);
    if (!form || !window.fetch) return;
    const region = form.querySelector("[data-chips-region]");
    const chips = form.querySelector("[data-chips]");
    if (!region || !chips) return;
    const listId = `people-list-${n}`;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.after(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    let items = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    const chosen = () => Array.from(chips.querySelectorAll("input[name=advisor_id]"), (i) => i.value);
    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const highlight = (i) => {
      active = i;
      list.querySelectorAll("[role=option]").forEach((li, j) => {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
        if (j === i) li.scrollIntoView({ block: "nearest" });
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", `${listId}-${i}`);
      else input.removeAttribute("aria-activedescendant");
    };
    const choose = (item) => {
      if (!chosen().includes(String(item.id))) {
        const chip = document.createElement("li");
        chip.className = "chip";
        const name = document.createElement("span");
        name.textContent = item.name;
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "advisor_id";
        hidden.value = item.id;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", `Retirer ${item.name}`);
        remove.addEventListener("click", () => {
          chip.remove();
          region.hidden = chips.children.length === 0;
          status.textContent = `${item.name} retiré de la sélection.`;
          input.focus();
        });
        chip.append(name, hidden, remove);
        chips.append(chip);
        region.hidden = false;
        status.textContent = `${item.name} ajouté à la sélection (${chips.children.length}).`;
      }
      input.value = "";
      close();
      input.focus();
    };
    const show = (found) => {
      const taken = chosen();
      items = found.filter((item) => !taken.includes(String(item.id)));
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items.forEach((item, i) => {
        const li = document.createElement("li");
        li.id = `${listId}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.advisorId = item.id;
        li.textContent = `${item.name} — ${item.email}${item.anct_id ? ` — ANCT ${item.anct_id}` : ""} (${item.territory})`;
        li.addEventListener("mousedown", (e) => e.preventDefault());
        li.addEventListener("click", () => choose(item));
        list.append(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length
        ? `${items.length} suggestion${items.length > 1 ? "s" : ""} : flèches pour parcourir, Entrée pour choisir.`
        : "Aucune suggestion.";
    };
    const ask = () => {
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      const ticket = ++asked;
      fetch(`${input.dataset.peopleSearch}?q=${encodeURIComponent(q)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((r) => (r.ok ? r.json() : { items: [] }))
        .then((body) => { if (ticket === asked) show(body.items || []); })
        .catch(() => {});
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) { ask(); return; }
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (!list.hidden) highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) {
          e.preventDefault();
          choose(items[active]);
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  });
});
