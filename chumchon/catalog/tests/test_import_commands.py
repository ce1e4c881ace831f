"""`import_communities` and `import_listings` on the command line: what an officer sees and gets."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chumchon.catalog.models import Listing, Status
from chumchon.places.models import Community

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"

COMMUNITY_HEADER = "external_id,name_th,name_en,province,district,subdistrict"
LISTING_HEADER = "external_id,community,kind,title_th,category,tags,price,price_unit,stops"


def run(command: str, path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(command: str, path: Path, *args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(command, str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(raised.value)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def communities(tmp_path):
    run("import_communities", DATA / "communities.csv")


def test_it_imports_communities_named_in_thai_or_english(communities):
    weavers = Community.objects.get(external_id="skt-01")
    assert weavers.subdistrict is not None
    assert (weavers.province.name_en, weavers.district.name_en, weavers.subdistrict.name_en) == (
        "Sukhothai",
        "Si Satchanalai",
        "Hat Siao",
    )
    assert weavers.story_th == "บ้านเกือบทุกหลังมีกี่ทอผ้า"
    assert weavers.website == "https://hatsiao.example.com"
    assert weavers.households == 120
    kilns = Community.objects.get(external_id="skt-02")
    assert kilns.subdistrict is not None
    assert kilns.district.name_th == "เมืองสุโขทัย" and kilns.subdistrict.name_th == "เมืองเก่า"


def test_it_prints_a_summary(db):
    out, _err = run("import_communities", DATA / "communities.csv", "--language", "en")
    assert out.strip() == "created 2, updated 0, unchanged 0"


def test_it_changes_nothing_when_the_same_files_are_imported_again(communities):
    run("import_listings", DATA / "listings.csv")
    before = {listing.external_id: listing.updated_at for listing in Listing.objects.all()}
    community_before = Community.objects.get(external_id="skt-01").updated_at

    out, _err = run("import_communities", DATA / "communities.csv", "--language", "en")
    assert out.strip() == "created 0, updated 0, unchanged 2"
    out, _err = run("import_listings", DATA / "listings.csv", "--language", "en")
    assert out.strip() == "created 0, updated 0, unchanged 3"

    assert {listing.external_id: listing.updated_at for listing in Listing.objects.all()} == before
    assert Community.objects.get(external_id="skt-01").updated_at == community_before


def test_it_updates_a_changed_row_and_only_that_row(communities, tmp_path):
    path = tmp_path / "communities.csv"
    path.write_text((DATA / "communities.csv").read_text().replace(",120,", ",125,"), encoding="utf-8")
    out, _err = run("import_communities", path, "--language", "en")
    assert out.strip() == "created 0, updated 1, unchanged 1"
    assert Community.objects.get(external_id="skt-01").households == 125


def test_it_imports_products_experiences_and_routes_as_drafts(communities):
    out, _err = run("import_listings", DATA / "listings.csv")
    assert "3" in out
    sarong = Listing.objects.get(external_id="p-001")
    assert sarong.status == Status.DRAFT
    assert sarong.price == 2500 and str(sarong.wholesale_price) == "1800.50"
    assert sarong.category is not None and sarong.category.slug == "textiles"
    assert sorted(sarong.tags.values_list("name", flat=True)) == ["handmade", "ผ้าทอ"]
    route = Listing.objects.get(external_id="r-001")
    assert [stop.place.external_id for stop in route.stops.all()] == ["skt-01", "skt-02", "skt-02"]
    assert [stop.listing.external_id if stop.listing else None for stop in route.stops.all()] == [
        "p-001",
        "e-001",
        None,
    ]


def test_it_publishes_with_publish_and_keeps_them_published(communities, tmp_path):
    run("import_listings", DATA / "listings.csv", "--publish")
    assert set(Listing.objects.values_list("status", flat=True)) == {Status.PUBLISHED}

    out, _err = run("import_listings", DATA / "listings.csv", "--language", "en")
    assert out.strip() == "created 0, updated 0, unchanged 3"

    path = tmp_path / "listings.csv"
    path.write_text((DATA / "listings.csv").read_text().replace("ผ้าซิ่นตีนจก,", "ผ้าซิ่นตีนจกลายใหม่,"))
    out, _err = run("import_listings", path, "--language", "en")
    assert out.strip() == "created 0, updated 1, unchanged 2"
    sarong = Listing.objects.get(external_id="p-001")
    assert sarong.title_th == "ผ้าซิ่นตีนจกลายใหม่"
    assert sarong.status == Status.PUBLISHED  # an officer's import is trusted


def test_it_writes_nothing_when_one_row_is_bad_and_names_the_row(communities, tmp_path):
    path = write(
        tmp_path,
        "listings.csv",
        f"{LISTING_HEADER}\n"
        "a-1,skt-01,product,ผ้าทอ,textiles,,100,piece,\n"
        "a-2,skt-01,product,ผ้าขาวม้า,textiles,,12O,piece,\n",
    )
    message = run_failing("import_listings", path, "--language", "en")
    assert 'row 3, price: "12O" is not a number' in message
    assert "Nothing was imported" in message
    assert not Listing.objects.exists()


def test_it_speaks_thai_by_default(communities, tmp_path):
    path = write(tmp_path, "listings.csv", f"{LISTING_HEADER}\na-1,skt-01,product,ผ้าทอ,textiles,,12O,piece,\n")
    message = run_failing("import_listings", path)
    assert 'แถว 2, price: "12O" ไม่ใช่ตัวเลข' in message


def test_it_imports_the_valid_rows_with_skip_invalid(communities, tmp_path):
    path = write(
        tmp_path,
        "listings.csv",
        f"{LISTING_HEADER}\n"
        "a-1,skt-01,product,ผ้าทอ,textiles,,100,piece,\n"
        "a-2,skt-01,product,ผ้าขาวม้า,textiles,,-5,piece,\n",
    )
    out, err = run("import_listings", path, "--skip-invalid", "--language", "en")
    assert out.strip() == "created 1, updated 0, unchanged 0, skipped 1 invalid row(s)"
    assert "row 3, price" in err
    assert list(Listing.objects.values_list("external_id", flat=True)) == ["a-1"]


def test_it_suggests_the_closest_real_place(db, tmp_path):
    path = write(
        tmp_path,
        "communities.csv",
        f"{COMMUNITY_HEADER}\n"
        "c-1,ชุมชนหนึ่ง,One,Sukhotai,Mueang Sukhothai,\n"
        "c-2,ชุมชนสอง,Two,Sukhothai,Si Satchanalay,\n"
        "c-3,ชุมชนสาม,Three,สุโขทัย,ศรีสัชนาลย,\n"
        "c-4,ชุมชนสี่,Four,Sukhothai,Si Satchanalai,Mueang Kao\n",
    )
    message = run_failing("import_communities", path, "--language", "en")
    assert 'row 2, province: no province "Sukhotai"; did you mean “Sukhothai”?' in message
    assert 'row 3, district: no district "Si Satchanalay" in Sukhothai; did you mean “Si Satchanalai”?' in message
    assert "row 4, district" in message and "“ศรีสัชนาลัย”" in message
    assert "row 5, subdistrict: Mueang Kao is in the district of Mueang Sukhothai, not in Si Satchanalai" in message
    assert not Community.objects.exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("c-1,,One,Sukhothai,Mueang Sukhothai,,,,", "row 2, name_th: this column is required"),
        ("c-1,ชุมชน,One,Sukhothai,Mueang Sukhothai,25.1,99.7,", "row 2, latitude: 25.1 is outside Thailand"),
        ("c-1,ชุมชน,One,Sukhothai,Mueang Sukhothai,17.1,120,", "row 2, longitude: 120 is outside Thailand"),
        ("c-1,ชุมชน,One,Sukhothai,Mueang Sukhothai,,,0", 'row 2, households: "0" must be at least 1'),
        ("c-1,ชุมชน,One,Sukhothai,Mueang Sukhothai,,,12O", 'row 2, households: "12O" is not a number'),
    ],
)
def test_it_checks_community_values(db, tmp_path, line, expected):
    path = write(
        tmp_path, "c.csv", "external_id,name_th,name_en,province,district,latitude,longitude,households\n" + line
    )
    assert expected in run_failing("import_communities", path, "--language", "en")


def test_it_checks_contact_channels_and_areas(db, tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "external_id,name_th,province,district,phone,line_id,email,website,area\n"
        "c-1,ชุมชน,Sukhothai,Mueang Sukhothai,55123456,not a line id,not-an-email,http://,nowhere\n",
    )
    message = run_failing("import_communities", path, "--language", "en")
    assert 'row 2, phone: "55123456" is not a phone number' in message
    assert "keeps the 0" in message
    assert "row 2, line_id" in message and "row 2, email" in message and "row 2, website" in message
    assert 'row 2, area: no area or creative city "nowhere"' in message


def test_it_places_a_community_by_creative_city_when_an_area_covers_it(demo_data, tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "external_id,name_th,province,district,area\n"
        "c-1,ชุมชน,Sukhothai,Mueang Sukhothai,sukhothai\n"
        "c-2,ชุมชน,Phuket,Mueang Phuket,phuket\n",
    )
    message = run_failing("import_communities", path, "--language", "en")
    assert 'row 3, area: "phuket" is a creative city, but no area covers its province' in message
    assert "row 2" not in message


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("a-1,skt-01,product,ผ้า,textiles,,-5,piece,", 'row 2, price: "-5" is negative'),
        ("a-1,skt-01,product,ผ้า,textiles,,12.345,piece,", 'row 2, price: "12.345" has more than 2 decimals'),
        (
            "a-1,skt-01,product,ผ้า,textilez,,1,piece,",
            'row 2, category: no category "textilez"; did you mean “textiles”?',
        ),
        ("a-1,skt-01,product,ผ้า,textiles,,1,bag,", 'row 2, price_unit: "bag" is not a price unit'),
        ("a-1,skt-09,product,ผ้า,textiles,,1,piece,", 'row 2, community: no community with external_id "skt-09"'),
        ("a-1,skt-01,thing,ผ้า,textiles,,1,piece,", 'row 2, kind: "thing" is not a kind'),
        ("a-1,skt-01,product,ผ้า,textiles,,1,piece,skt-02", "row 2, stops: only routes have stops"),
        (
            "a-1,skt-01,route,ทริป,day-trip,,1,person,skt-02;zzz",
            'row 2, stops: no listing or community with external_id "zzz"',
        ),
        ("a-1,skt-01,route,ทริป,day-trip,,1,person,skt-02;a-1", 'row 2, stops: "a-1" is this route itself'),
    ],
)
def test_it_checks_listing_values(communities, tmp_path, cells, expected):
    path = write(tmp_path, "l.csv", f"{LISTING_HEADER}\n{cells}\n")
    assert expected in run_failing("import_listings", path, "--language", "en")
    assert not Listing.objects.exists()


def test_it_rejects_duplicate_external_ids_in_the_file(communities, tmp_path):
    path = write(
        tmp_path,
        "l.csv",
        f"{LISTING_HEADER}\na-1,skt-01,product,ผ้า,,,1,piece,\na-1,skt-01,product,ผ้าอีกผืน,,,1,piece,\n",
    )
    assert 'row 3, external_id: "a-1" appears again (first on row 2)' in run_failing(
        "import_listings", path, "--language", "en"
    )


def test_it_reports_unknown_and_missing_columns(communities, tmp_path):
    path = write(tmp_path, "l.csv", "external_id,community,title_th,prise,colour\na-1,skt-01,ผ้า,1,red\n")
    message = run_failing("import_listings", path, "--language", "en")
    assert "row 1, kind: this required column is missing" in message
    assert "row 1, prise: unknown column; did you mean “price”?" in message
    assert "row 1, colour: unknown column" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("listings.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx"),
        ("listings.pdf", b"%PDF", "use .xlsx, .csv or .json"),
        ("listings.csv", b"", "The file is empty."),
        ("listings.csv", b"\xef\xbb\xbf\r\n", "The file is empty."),
        ("listings.csv", (LISTING_HEADER + "\n").encode(), "no rows to import"),
        ("listings.xlsx", b"not a zip file", "cannot be opened as an Excel workbook"),
        ("listings.json", b'{"external_id": "a"}', "must be a list of objects"),
        ("listings.json", b"[{,]", "not valid JSON"),
        ("listings.csv", "external_id,title_th\na,ผ้าทอ\n".encode("cp874"), "TIS-620/cp874"),
    ],
)
def test_it_explains_files_it_cannot_read(db, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in run_failing("import_listings", path, "--language", "en")


def test_it_reads_csv_with_a_byte_order_mark(db, tmp_path):
    path = write(tmp_path, "c.csv", "\ufeff" + (DATA / "communities.csv").read_text(encoding="utf-8"))
    out, _err = run("import_communities", path, "--language", "en")
    assert out.strip() == "created 2, updated 0, unchanged 0"


def test_it_reads_excel_workbooks(communities, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "community", "kind", "title_th", "price", "price_unit", "capacity"])
    sheet.append(["x-1", "skt-02", "experience", "ทำขนม", 350.5, "person", 10.0])
    sheet.append([None, None, None, None, None, None, None])  # Excel's trailing blank rows
    workbook.save(tmp_path / "listings.xlsx")

    out, _err = run("import_listings", tmp_path / "listings.xlsx", "--language", "en")
    assert out.strip() == "created 1, updated 0, unchanged 0"
    listing = Listing.objects.get(external_id="x-1")
    assert (str(listing.price), listing.capacity) == ("350.50", 10)


def test_it_reads_json(communities, tmp_path):
    rows = [
        {"external_id": "j-1", "community": "skt-01", "kind": "product", "title_th": "ผ้า", "tags": ["ผ้า", "silk"]},
        {"external_id": "j-2", "community": "skt-01", "kind": "route", "title_th": "ทริป", "stops": ["j-1", "skt-02"]},
    ]
    path = tmp_path / "listings.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    out, _err = run("import_listings", path, "--language", "en")
    assert out.strip() == "created 2, updated 0, unchanged 0"
    route = Listing.objects.get(external_id="j-2")
    assert [stop.place.external_id for stop in route.stops.all()] == ["skt-01", "skt-02"]


def test_it_leaves_columns_the_file_does_not_have(communities, tmp_path):
    run("import_listings", DATA / "listings.csv")
    path = write(tmp_path, "l.csv", "external_id,community,kind,title_th\np-001,skt-01,product,ผ้าซิ่นตีนจก\n")
    out, _err = run("import_listings", path, "--language", "en")
    assert out.strip() == "created 0, updated 0, unchanged 1"
    assert Listing.objects.get(external_id="p-001").price == 2500


def test_it_refuses_to_move_a_listing_to_another_community(communities, tmp_path):
    run("import_listings", DATA / "listings.csv")
    path = write(tmp_path, "l.csv", "external_id,community,kind,title_th\np-001,skt-02,product,ผ้าซิ่นตีนจก\n")
    message = run_failing("import_listings", path, "--language", "en")
    assert "row 2, community" in message and "cannot move it" in message


def test_it_names_the_row_of_a_bad_stop_target(communities, tmp_path):
    path = write(
        tmp_path,
        "l.csv",
        f"{LISTING_HEADER}\nb-1,skt-01,product,ผ้า,,,-1,piece,\nb-2,skt-01,route,ทริป,,,1,person,b-1\n",
    )
    out, err = run("import_listings", path, "--skip-invalid", "--language", "en")
    assert 'row 3, stops: "b-1" is on row 2, which has errors' in err
    assert out.strip().endswith("skipped 2 invalid row(s)")
    assert not Listing.objects.exists()


def test_it_fails_plainly_when_the_file_is_missing(db, tmp_path):
    assert "Cannot read" in run_failing("import_listings", tmp_path / "nope.csv", "--language", "en")


def test_the_sample_files_are_shipped(tmp_path):
    # docs/importing.md points officers at these two files.
    for name in ("communities.csv", "listings.csv"):
        shutil.copy(DATA / name, tmp_path / name)
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("external_id,")


def test_it_names_each_missing_json_key_once(communities, tmp_path):
    path = tmp_path / "listings.json"
    path.write_text(json.dumps([{"community": "skt-01", "kind": "product"}]), encoding="utf-8")
    message = run_failing("import_listings", path, "--language", "en")
    assert message.count("row 1, external_id: this column is required") == 1
    assert message.count("row 1, title_th: this column is required") == 1
