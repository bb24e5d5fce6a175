"""Import cycles between the project's modules, function-local imports included.

Run as a script (``python tests/architecture/import_graph.py``) it prints every cycle and exits
non-zero when there is one; the tests call ``import_cycles`` directly.
"""

import sys

import grimp

PROJECT_PACKAGES = ("lms", "courses", "certificates", "plugins")


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is a few hundred modules deep at most)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def import_cycles(packages=PROJECT_PACKAGES) -> list[list[str]]:
    """Each cycle as the imports that make it: "a.b -> c.d (line 12)"."""
    imports = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    graph = {
        module: imports.find_modules_directly_imported_by(module) for module in imports.modules
    }
    cycles = []
    for component in _strongly_connected(graph):
        members = set(component)
        cycles.append(
            [
                f"{importer} -> {imported} (line {detail['line_number']})"
                for importer in component
                for imported in sorted(graph[importer] & members)
                for detail in imports.get_import_details(importer=importer, imported=imported)[:1]
            ]
        )
    return cycles


if __name__ == "__main__":
    found = import_cycles()
    for number, cycle in enumerate(found, start=1):
        print(f"cycle {number}:", *cycle, sep="\n    ")
    sys.exit(1 if found else 0)
