-- Count tasks are blind by default (issue 15 point 1): the station does not show the quantities the
-- books expect (nor an "All" button), so a picker counts what is there. A warehouse may choose to
-- show them; the setting travels to its stations in the site's config entry.
ALTER TABLE sites ADD COLUMN count_shows_expected boolean NOT NULL DEFAULT false;
