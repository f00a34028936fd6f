"""A few hundred synthetic records with duplicates planted in them, for the engine's tests."""

from concord.synthetic.identities import generate_identities

FIELDS = ("given_name", "family_name", "dob", "sex", "postcode", "phone")

PLANTED = {
    # A transliteration: Mohammed and Muhammad.
    "T1": ("Mohammed", "Khan", "1990-03-15", "M", "LE1 5WW", "07700900001"),
    "T2": ("Muhammad", "Khan", "1990-03-15", "M", "LE1 5WW", ""),
    # Given and family names swapped.
    "S1": ("Agnieszka", "Nowakowska", "1985-06-20", "F", "LE2 1AB", "07700900002"),
    "S2": ("Nowakowska", "Agnieszka", "1985-06-20", "F", "", ""),
    # Day and month of birth swapped.
    "D1": ("Grace", "Whitmore", "1979-02-09", "F", "LE3 9QT", "07700900003"),
    "D2": ("Grace", "Whitmore", "1979-09-02", "F", "LE3 9QT", ""),
    # Shared Sikh surnames, same area, different people.
    "K1": ("Harpreet", "Kaur", "1988-01-12", "F", "LE4 6EF", ""),
    "K2": ("Manjit", "Kaur", "1990-05-23", "F", "LE4 6EF", ""),
    "K3": ("Sukhdev", "Singh", "1975-03-03", "M", "LE5 1ZZ", ""),
    "K4": ("Baljit", "Singh", "1981-11-30", "M", "LE5 1ZZ", ""),
}
SAME = [("T1", "T2"), ("S1", "S2"), ("D1", "D2")]
DIFFERENT = [("K1", "K2"), ("K3", "K4")]


def records(background: int = 400) -> list[dict[str, str]]:
    rows = [
        {"record_id": row["record_id"], **{name: row[name] for name in FIELDS}}
        for row in generate_identities(background, seed=7)
    ]
    rows += [
        {"record_id": record_id, **dict(zip(FIELDS, values, strict=True))}
        for record_id, values in PLANTED.items()
    ]
    return rows
