#!/usr/bin/python3
"""The fsbo job done with pandas (Debian python3-pandas): read_csv, merge, groupby.

    pandas.py REGISTRY SURVEY [OPERATORS]

Prints indicateur,operateur,valeur,n (see bench/README.md).
"""
import os
import sys

# This file is named pandas.py: keep its folder out of the import path.
sys.path = [p for p in sys.path[1:]]

import unicodedata  # noqa: E402

import pandas as pd  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
reg_path, survey_path = sys.argv[1], sys.argv[2]
ops_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "..", "..", "data", "operateurs.csv")

YES = {"oui", "o", "yes", "y", "vrai", "true", "1"}
NO = {"non", "n", "no", "faux", "false", "0"}


def norm(text):
    """Lowercase, accents removed, no spaces, hyphens or apostrophes."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace(" ", "").replace("-", "").replace("'", "").replace("\u2019", "")


def yes_no(column):
    """1 for yes, 0 for no, NaN otherwise; the column is categorical: each spelling once."""
    def value(v):
        v = v.lower()
        return 1.0 if v in YES else (0.0 if v in NO else float("nan"))
    return column.map({c: value(c) for c in column.cat.categories}).astype(float)


registre = pd.read_csv(reg_path, usecols=["id_fs", "insee_dep"], dtype=str, keep_default_na=False)

ops = pd.read_csv(ops_path, dtype=str, keep_default_na=False)
spellings = {}
for row in ops.itertuples(index=False):
    for s in [row.code, row.libelle, *[a for a in row.alias.split("|") if a]]:
        spellings[norm(s)] = row.code

survey = pd.read_csv(
    survey_path,
    dtype={"annee": "Int64", "id_fs": str, "operateur": "category",
           "referent_identifie": "category", "canal_dedie": "category",
           "delai_reponse_jours": float, "satisfaction": "Int64",
           "nb_sollicitations": "Int64", "commentaire": str},
    keep_default_na=False, na_values=[""],
)
answers = survey.merge(registre, on="id_fs", how="inner")
# resolve each distinct spelling once (the column is categorical)
resolved = {s: spellings.get(norm(s), "?") for s in answers["operateur"].cat.categories}
answers["code"] = answers["operateur"].map(resolved).astype(str)
answers = answers[answers["code"] != "?"]
answers["referent"] = yes_no(answers["referent_identifie"])
answers["canal"] = yes_no(answers["canal_dedie"])
answers["satisfait"] = (answers["satisfaction"] >= 4).astype("Float64").mask(answers["satisfaction"].isna())

rows = []
by_dep = registre.groupby("insee_dep").size().rename("registered").to_frame()
by_dep["responded"] = answers.drop_duplicates("id_fs").groupby("insee_dep").size()
by_dep["responded"] = by_dep["responded"].fillna(0)
rows.append(("participation", "", by_dep["responded"].sum() / by_dep["registered"].sum(),
             by_dep["registered"].sum()))
for dep, r in by_dep.sort_index().iterrows():
    rows.append(("participation_dep", dep, r["responded"] / r["registered"], r["registered"]))

g = answers.groupby("code")
figures = pd.DataFrame({
    "referent": g["referent"].mean(), "n_referent": g["referent"].count(),
    "canal": g["canal"].mean(), "n_canal": g["canal"].count(),
    "delai_moyen": g["delai_reponse_jours"].mean(),
    "delai_median": g["delai_reponse_jours"].median(),
    "n_delai": g["delai_reponse_jours"].count(),
    "satisfaction": g["satisfaction"].mean(), "satisfaits": g["satisfait"].mean(),
    "n_satisfaction": g["satisfaction"].count(),
    "sollicitations": g["nb_sollicitations"].sum(), "n_nb": g["nb_sollicitations"].count(),
})
for code, f in figures.iterrows():
    rows += [("referent", code, f["referent"], f["n_referent"]),
             ("canal_dedie", code, f["canal"], f["n_canal"]),
             ("delai_moyen", code, f["delai_moyen"], f["n_delai"]),
             ("delai_median", code, f["delai_median"], f["n_delai"]),
             ("satisfaction_moyenne", code, f["satisfaction"], f["n_satisfaction"]),
             ("taux_satisfaits", code, f["satisfaits"], f["n_satisfaction"]),
             ("sollicitations", code, f["sollicitations"], f["n_nb"])]

out = ["indicateur,operateur,valeur,n"]
for ind, op, value, n in rows:
    if n > 0:
        out.append(f"{ind},{op},{float(value):.12g},{int(n)}")
sys.stdout.write("\n".join(out) + "\n")
