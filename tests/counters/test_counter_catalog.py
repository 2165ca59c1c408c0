"""Counters in the catalog: the sample MPP's lokets load, and every mistake is named with
its file and key, the way `kiosk check-config` reports the rest of the catalog."""

from pathlib import Path

import pytest

from kiosk import config
from kiosk.counters import FIRST, INTERLEAVE, counters_of, policy_for

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "kiosk" / "data"
BASE = (DATA / "catalog.toml").read_text().split("\n[calling]")[0]

GOOD = """
[[counter]]
id = "loket-1"
name = { id = "Loket 1", en = "Counter 1" }
agency = "dukcapil"

[[counter]]
id = "loket-5"
name = { id = "Loket 5", en = "Counter 5" }
agency = "imigrasi"
"""


def test_sample_catalog_has_counters_for_every_agency():
    catalog = config.load_catalog(ROOT / "config" / "catalog.toml")
    dukcapil = counters_of(catalog, "dukcapil")
    assert [c.name["id"] for c in dukcapil] == [f"Loket {n}" for n in range(1, 7)]
    assert dukcapil[0].location == {"id": "Lantai 1", "en": "Floor 1"}
    assert all(1 <= len(counters_of(catalog, a.id)) <= 6 for a in catalog.agencies)
    # the counter names agree with what each agency tells visitors ("Loket 7-9, Lantai 1")
    for agency in catalog.agencies:
        names = [c.name["id"] for c in counters_of(catalog, agency.id)]
        assert len(names) == agency.counters
        assert agency.counter["id"].startswith(names[0].split(",")[0].rsplit(" ", 1)[0])
        assert names[0].split()[-1] in agency.counter["id"]
    assert policy_for(catalog, "dukcapil").priority_policy == FIRST
    assert policy_for(catalog, "dukcapil").no_show_after_recalls == 2


def test_test_catalog_policies_per_agency():
    catalog = config.load_catalog(DATA / "catalog.toml")
    assert policy_for(catalog, "imigrasi").priority_policy == INTERLEAVE
    assert policy_for(catalog, "imigrasi").priority_every == 3
    assert policy_for(catalog, "dukcapil").priority_policy == FIRST
    assert [c.id for c in counters_of(catalog, "dukcapil")] == [
        "loket-1", "loket-2", "loket-3", "loket-4"]


def test_a_catalog_without_counters_stays_valid(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(BASE)
    catalog = config.load_catalog(path)
    assert catalog.counters == ()
    assert policy_for(catalog, "dukcapil").priority_policy == FIRST


BAD = {
    "unknown agency": (
        GOOD + '[[counter]]\nid = "loket-9"\nname = { id = "Loket 9", en = "Counter 9" }\n'
               'agency = "samsat"\n',
        "counter[loket-9].agency", "unknown agency 'samsat'"),
    "duplicate id": (
        GOOD + '[[counter]]\nid = "loket-1"\nname = { id = "Loket 1", en = "Counter 1" }\n'
               'agency = "dukcapil"\n',
        "counter[loket-1].id", "duplicate counter id"),
    "unknown service": (
        GOOD + '[[counter]]\nid = "loket-2"\nname = { id = "Loket 2", en = "Counter 2" }\n'
               'agency = "dukcapil"\nservices = ["dukcapil-ktp", "dukcapil-kk"]\n',
        "counter[loket-2].services[1]", "unknown service 'dukcapil-kk'"),
    "service of another agency": (
        GOOD + '[[counter]]\nid = "loket-2"\nname = { id = "Loket 2", en = "Counter 2" }\n'
               'agency = "dukcapil"\nservices = ["imigrasi-paspor"]\n',
        "counter[loket-2].services[0]", "belongs to agency 'imigrasi'"),
    "group of another agency": (
        GOOD + '[[counter]]\nid = "loket-2"\nname = { id = "Loket 2", en = "Counter 2" }\n'
               'agency = "dukcapil"\ngroups = ["B"]\n',
        "counter[loket-2].groups[0]", "'B' is not a numbering group of 'dukcapil'"),
    "bad slug": (
        GOOD + '[[counter]]\nid = "Loket 2"\nname = { id = "Loket 2", en = "Counter 2" }\n'
               'agency = "dukcapil"\n',
        "counter[2].id", "must be a lower-case slug"),
    "name missing": (
        GOOD + '[[counter]]\nid = "loket-2"\nagency = "dukcapil"\n',
        "counter[loket-2].name", "missing (required)"),
    "numbers nobody calls": (
        GOOD.replace('agency = "dukcapil"', 'agency = "dukcapil"\ngroups = ["RA"]'),
        ["service[dukcapil-ktp]", "service[dukcapil-akta]"],
        "group 'A': they would never be called"),
    "unknown policy": (
        GOOD + '[calling]\npriority_policy = "random"\n',
        "calling.priority_policy", "'random' must be \"first\""),
    "interleave every 0": (
        GOOD + '[calling]\npriority_policy = "interleave"\npriority_every = 0\n',
        "calling.priority_every", "must be at least 1"),
    "recalls out of range": (
        GOOD + '[calling]\nno_show_after_recalls = -1\n',
        "calling.no_show_after_recalls", "between 0 and 10"),
    "agency ratio without interleave": (
        (BASE + GOOD).replace('counters = 4\n', 'counters = 4\npriority_every = 2\n'),
        "agency[dukcapil].priority_every", "only with priority_policy = \"interleave\""),
    "agency policy misspelt": (
        (BASE + GOOD).replace('counters = 4\n', 'counters = 4\npriority_policy = "interleaved"\n'),
        "agency[dukcapil].priority_policy", "'interleaved' must be"),
}


@pytest.mark.parametrize("case", BAD)
def test_counter_mistakes_are_named_with_file_and_key(tmp_path, case):
    text, key, why = BAD[case]
    path = tmp_path / "catalog.toml"
    path.write_text(text if text.startswith("# A small catalog") else BASE + text)
    with pytest.raises(config.ConfigError) as caught:
        config.load_catalog(path)
    found = [(p.file, p.key) for p in caught.value.problems if why in p.why]
    keys = key if isinstance(key, list) else [key]
    assert found == [(str(path), k) for k in keys], [str(p) for p in caught.value.problems]
