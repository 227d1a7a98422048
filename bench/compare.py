#!/usr/bin/env python3
"""Compares national figures: bench/compare.py REFERENCE OTHER [--tolerance 1e-9]

Each file is either fsbo's `report -f csv` output (columns annee,niveau,code,...; its
national rows, and the participation rows of its departments) or the common form the peers
and bench/check.py print (indicateur,operateur,valeur,n). Values must agree within the
relative tolerance and the counts n exactly; a row on one side only is a difference.
Prints one line per difference; exit 0 when they agree, 1 otherwise.
"""

import csv
import math
import sys

INDICATORS = {"referent", "canal_dedie", "delai_moyen", "delai_median",
              "satisfaction_moyenne", "taux_satisfaits", "sollicitations"}


def load(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    figures = {}
    if rows and "niveau" in rows[0]:  # fsbo's CSV
        years = {r["annee"] for r in rows}
        if len(years) > 1:
            sys.exit(f"{path}: several years ({sorted(years)}): not comparable")
        for r in rows:
            if r["indicateur"] == "participation" and r["niveau"] in ("national", "departement"):
                key = ("participation" if r["niveau"] == "national" else "participation_dep",
                       "" if r["niveau"] == "national" else r["code"])
            elif r["niveau"] == "national" and r["indicateur"] in INDICATORS:
                key = (r["indicateur"], r["operateur"])
            else:
                continue
            if r["valeur"] != "":
                figures[key] = (float(r["valeur"]), int(r["n"]))
    else:
        for r in rows:
            if r["valeur"] not in ("", "nan", "NaN", "null", "None"):
                figures[(r["indicateur"], r["operateur"])] = (float(r["valeur"]), int(float(r["n"])))
    return figures


def main():
    args = sys.argv[1:]
    tolerance = 1e-9
    if "--tolerance" in args:
        i = args.index("--tolerance")
        tolerance = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    ref, other = load(args[0]), load(args[1])
    problems = []
    for key in sorted(set(ref) | set(other)):
        name = f"{key[0]}{'/' + key[1] if key[1] else ''}"
        if key not in other:
            problems.append(f"{name}: only in {args[0]} ({ref[key][0]!r}, n={ref[key][1]})")
        elif key not in ref:
            problems.append(f"{name}: only in {args[1]} ({other[key][0]!r}, n={other[key][1]})")
        else:
            (a, na), (b, nb) = ref[key], other[key]
            if not math.isclose(a, b, rel_tol=tolerance, abs_tol=0.0 if a or b else 1e-300):
                problems.append(f"{name}: value {a!r} vs {b!r} (relative difference "
                                f"{abs(a - b) / max(abs(a), abs(b)):.3g})")
            if na != nb:
                problems.append(f"{name}: n {na} vs {nb}")
    if not ref or not other:
        problems.append("no figures on one side")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
