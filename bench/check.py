#!/usr/bin/env python3
"""Independent computation of the national figures, streaming (standard library only).

    bench/check.py REGISTRY SURVEY [--excel] [OPERATORS]

Reads the registry and a long survey export (clean CSV: ',', UTF-8, decimal point; with
--excel: ';', Windows-1252, decimal comma, Excel's header labels), and prints the figures in
the peers' form, indicateur,operateur,valeur,n (see bench/README.md). It shares no code with
fsbo or the peers: the csv module, exact arithmetic (Decimal sums, integer counts, a count
per distinct delay for the median) and memory bounded by the registry and the number of
distinct delays, whatever the number of rows.
"""

import csv
import decimal
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

decimal.getcontext().prec = 60
HERE = os.path.dirname(os.path.abspath(__file__))
YES = {"oui", "o", "yes", "y", "vrai", "true", "1"}
NO = {"non", "n", "no", "faux", "false", "0"}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def header_name(text):
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def operator_key(text):
    return re.sub(r"[ \-'\u2019]", "", fold(text))


def main():
    args = [a for a in sys.argv[1:] if a != "--excel"]
    excel = "--excel" in sys.argv[1:]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    reg_path, survey_path = args[0], args[1]
    ops_path = args[2] if len(args) == 3 else os.path.join(HERE, "..", "data", "operateurs.csv")

    with open(ops_path, encoding="utf-8", newline="") as f:
        spellings = {}
        for row in csv.DictReader(f):
            for s in [row["code"], row["libelle"], *row["alias"].split("|")]:
                if s:
                    spellings[operator_key(s)] = row["code"]

    department = {}
    with open(reg_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            department[row["id_fs"].strip()] = row["insee_dep"].strip()

    resolved = {}          # spelling as written -> code (None: unknown)
    yes_no_cache = {}
    responding = set()
    yes = Counter()        # (indicator, code) -> yes answers
    answered = Counter()   # (indicator, code) -> yes/no answers
    delay_sum = defaultdict(decimal.Decimal)
    delay_values = defaultdict(Counter)
    scores = defaultdict(Counter)
    requests = Counter()
    requests_n = Counter()
    skipped = Counter()

    def yes_no(cell):
        v = yes_no_cache.get(cell)
        if v is None:
            w = cell.strip().lower()
            v = 1 if w in YES else 0 if w in NO else (-1 if w == "" else -2)
            yes_no_cache[cell] = v
        return v

    encoding = "cp1252" if excel else "utf-8-sig"
    with open(survey_path, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=";" if excel else ",")
        header = [header_name(h) for h in next(reader)]
        col = {name: i for i, name in enumerate(header)}
        i_id, i_op = col["id_fs"], col["operateur"]
        i_ref, i_canal = col["referent_identifie"], col["canal_dedie"]
        i_delay, i_sat, i_nb = col["delai_reponse_jours"], col["satisfaction"], col["nb_sollicitations"]
        width = len(header)
        for row in reader:
            if not row or row == [""]:
                continue
            if len(row) != width:
                skipped["row-width"] += 1
                continue
            sid = row[i_id].strip()
            if sid not in department:
                skipped["unknown-structure"] += 1
                continue
            spelling = row[i_op]
            code = resolved.get(spelling, "")
            if code == "":
                code = resolved[spelling] = spellings.get(operator_key(spelling))
            if code is None:
                skipped["unknown-operator"] += 1
                continue
            responding.add(sid)
            for name, i in (("referent", i_ref), ("canal_dedie", i_canal)):
                v = yes_no(row[i])
                if v >= 0:
                    answered[name, code] += 1
                    yes[name, code] += v
                elif v == -2:
                    skipped["yes-no"] += 1
            text = row[i_delay].strip()
            if text:
                value = decimal.Decimal(text.replace(",", ".") if excel else text)
                if 0 <= value <= 3650:
                    delay_sum[code] += value
                    delay_values[code][value] += 1
                else:
                    skipped["delay"] += 1
            text = row[i_sat].strip()
            if text:
                if text in ("1", "2", "3", "4", "5"):
                    scores[code][int(text)] += 1
                else:
                    skipped["satisfaction"] += 1
            text = row[i_nb].strip()
            if text:
                if text.isdigit():
                    requests[code] += int(text)
                    requests_n[code] += 1
                else:
                    skipped["requests"] += 1

    for kind, n in sorted(skipped.items()):
        print(f"check.py: {n} {kind} cells or rows left out", file=sys.stderr)

    out = ["indicateur,operateur,valeur,n"]

    def emit(indicator, operator, value, n):
        if n > 0:
            out.append(f"{indicator},{operator},{float(value):.12g},{n}")

    registered = Counter(department.values())
    responded = Counter(department[s] for s in responding)
    emit("participation", "", decimal.Decimal(len(responding)) / len(department), len(department))
    for dep in sorted(registered):
        emit("participation_dep", dep, decimal.Decimal(responded[dep]) / registered[dep], registered[dep])
    codes = sorted({c for c in resolved.values() if c})
    for code in codes:
        for name in ("referent", "canal_dedie"):
            n = answered[name, code]
            emit(name, code, decimal.Decimal(yes[name, code]) / n if n else 0, n)
        values = delay_values[code]
        n = sum(values.values())
        if n:
            emit("delai_moyen", code, delay_sum[code] / n, n)
            ordered = sorted(values.items())
            lo, hi = (n - 1) // 2, n // 2      # 0-based ranks of the middle value(s)
            seen, low_value, high_value = 0, None, None
            for value, count in ordered:
                if low_value is None and seen + count > lo:
                    low_value = value
                if seen + count > hi:
                    high_value = value
                    break
                seen += count
            emit("delai_median", code, (low_value + high_value) / 2, n)
        s = scores[code]
        n = sum(s.values())
        if n:
            emit("satisfaction_moyenne", code, decimal.Decimal(sum(k * c for k, c in s.items())) / n, n)
            emit("taux_satisfaits", code, decimal.Decimal(s[4] + s[5]) / n, n)
        emit("sollicitations", code, requests[code], requests_n[code])
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
