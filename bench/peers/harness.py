"""Times one peer in this process: `python harness.py KIND N DATA OUT` renders N documents and
prints one JSON line {kind, docs, cpu_s, bytes, wall_s}; CPU time is time.process_time(), so that
N processes run side by side (one per core) give a figure per core.

KIND: weasyprint | reportlab (DATA: the attestation's values as JSON; OUT: where the last PDF is
written) or icalendar (DATA: the feed parcours served; OUT: where the last feed is written)."""
import json
import sys
import time


def main():
    kind, n, data, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if kind == "icalendar":
        from with_icalendar import Builder

        with open(data, encoding="utf-8") as f:
            builder = Builder(f.read())
        make = builder.build
    else:
        import layout

        module = __import__("with_" + kind)
        renderer = module.Renderer(*layout.load(data))
        make = renderer.render
    make()  # warm-up, outside the timing: imports, font files, first layout
    sizes = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        document = make()
        sizes += len(document)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    with open(out, "wb") as f:
        f.write(document)
    print(json.dumps({"kind": kind, "docs": n, "cpu_s": cpu, "wall_s": wall, "bytes": sizes / n}))


if __name__ == "__main__":
    main()
