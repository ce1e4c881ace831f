"""Import communities and listings from .xlsx, .csv or .json files.

The format is `../shared/formats/listings-import.md` (officers' guide: `docs/importing.md`). An
import runs in three steps: read the file into rows of text (`read_table`), check every row and
decide what it would change (`plan_communities`, `plan_listings`: nothing is written), then apply
the plan all or nothing through the places and catalog services (`import_apply`: one transaction
on PostgreSQL, short ones that can be undone on SQLite). A row that
would change nothing is not written at all, so importing the same file twice leaves the database
(timestamps included) as the first import left it.

The steps, one module each: `reading` (a file into a `Table` of text), `columns` (the columns each
kind of file has), `cells` (reading and checking one cell), `places` and `references` (what rows
refer to), `planning` (the plans), `applying` (writing a plan). The officers' import page runs an
import as a job: `services`, `selectors`, `tasks`, `views`, `forms`, `urls`, `admin`.
"""
