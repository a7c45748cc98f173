from transforms.records import LocalEntity
from transforms.load.resolve import EntityIndex, entity_key, make_entity_id


def ent(name, type_="PERSON", aliases=(), country=None):
    return LocalEntity(0, name, type_, country, tuple(aliases))


def test_keys_by_name_whatever_the_type_and_countries_by_code():
    assert entity_key("the UK", "GPE") == entity_key("United Kingdom", "GPE") == "country:GBR"
    assert entity_key("Jane Roe", "PERSON") == entity_key("Jane Roe", "ORG") == "name:jane roe"
    assert entity_key("Paris", "LOC") == entity_key("Paris", "GPE")


def test_one_name_is_one_entity_typed_by_the_corpus():
    index = EntityIndex()
    ids = {index.assign(ent("Ruritel", type_), "r1") for type_ in ("PERSON", "ORG", "ORG")}
    assert len(ids) == 1
    assert index.rows[ids.pop()]["type"] == "ORG"


def test_corpus_vote_is_weighted_by_mentions():
    index = EntityIndex()
    eid = index.assign(LocalEntity(0, "Bexco", "GPE", None, (), n_mentions=1), "r1")
    index.assign(LocalEntity(0, "Bexco", "GPE", None, (), n_mentions=1), "r1")
    index.assign(LocalEntity(0, "Bexco", "ORG", None, (), n_mentions=5), "r1")
    assert index.rows[eid]["type"] == "ORG"


def test_same_entity_same_id_across_documents_and_runs():
    index = EntityIndex()
    first = index.assign(ent("Jane Roe"), "r1")
    assert index.assign(ent("Jane Roe"), "r2") == first == make_entity_id("name:jane roe")
    rebuilt = EntityIndex.from_table(index.to_table())
    assert rebuilt.assign(ent("Jane Roe"), "r3") == first


def test_acronym_alias_links_documents():
    index = EntityIndex()
    short = index.assign(ent("ADB", "ORG"), "r1")
    full = index.assign(ent("Asian Development Bank", "ORG", aliases=["ADB"]), "r1")
    assert short == full
    row = index.rows[full]
    assert row["name"] == "Asian Development Bank" and "ADB" in row["aliases"]


def test_bare_surname_does_not_join_two_full_names():
    index = EntityIndex()
    a = index.assign(ent("Anna Berg", aliases=["Berg"]), "r1")
    b = index.assign(ent("Olof Berg", aliases=["Berg"]), "r1")
    assert a != b


def test_existing_ids_never_change():
    index = EntityIndex()
    ids = [index.assign(ent(n), "r1") for n in ("A One", "B Two")]
    table = index.to_table()
    later = EntityIndex.from_table(table)
    later.assign(ent("C Three"), "r2")
    assert [later.assign(ent(n), "r3") for n in ("A One", "B Two")] == ids
    assert later.to_table().num_rows == 3


def test_a_longer_name_starting_with_an_acronym_does_not_rename_it():
    index = EntityIndex()
    bbc = index.assign(ent("ABC", "ORG"), "r1")
    assert index.assign(ent("ABC Radio 9", "ORG", aliases=["ABC"]), "r1") == bbc
    assert index.rows[bbc]["name"] == "ABC"


def test_one_word_plural_joins_its_singular_across_documents():
    index = EntityIndex()
    award = index.assign(ent("Blorby", "EVENT"), "r1")
    assert index.assign(ent("Blorbys", "ORG"), "r1") == award
    people = index.assign(ent("Jones", "PERSON"), "r1")
    assert index.assign(ent("Jone", "PERSON"), "r1") != people
