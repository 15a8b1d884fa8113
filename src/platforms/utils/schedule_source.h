/*
 * Where `agoras utils schedule-run` reads its rows and writes their state back: a CSV file (the
 * default, schedule_csv.c) or a Google Sheets range (schedule_sheets.c).  The runner
 * (schedule_run.c) sees only this interface: it loads the raw cells once, decides what is due, and
 * writes each row's state cell after the outcome is in the ledger (api/FEEDS_SHEETS.md §5.4), so a
 * failed state write is repaired from the ledger by the next run.
 */
#ifndef AG_PLATFORMS_UTILS_SCHEDULE_SOURCE_H
#define AG_PLATFORMS_UTILS_SCHEDULE_SOURCE_H

#include <stddef.h>

#include "core/error.h"

/* One row as the source holds it: unparsed cell text (a Sheets serial date arrives as its number). */
struct ag_sched_raw_row {
    unsigned line; /* 1-based row number in the file or sheet, as a user would name it */
    size_t ncells;
    char **cells; /* ncells strings, "" for an empty cell */
};

struct ag_sched_table {
    struct ag_sched_raw_row *header; /* the header row, or NULL when the file has none */
    size_t nrows;
    struct ag_sched_raw_row *rows; /* data rows, in source order */
};

/* One cell to write: the row's line and the 0-based column. */
struct ag_sched_cell {
    unsigned line;
    size_t col;
    const char *value;
};

struct ag_sched_source;

struct ag_sched_source_ops {
    const char *kind; /* "csv" or "sheets": printed in messages */
    int (*load)(struct ag_sched_source *s, struct ag_sched_table *out, struct ag_error *err);
    /*
     * Write the given cells, each one exactly (never a clear-and-rewrite of the range).  A CSV
     * writes a temp file, fsyncs and renames it; Sheets sends one values:batchUpdate.  Returns 0, or
     * -1 with err set and nothing half-written that the next run cannot repair.
     */
    int (*write_cells)(struct ag_sched_source *s, const struct ag_sched_cell *cells, size_t n,
                       struct ag_error *err);
    /* The source's own time zone (a spreadsheet's properties.timeZone), or NULL. */
    const char *(*time_zone)(struct ag_sched_source *s);
    /* The ledger's source key: the CSV's absolute path, or "sheets:<id>/<name>". */
    const char *(*key)(struct ag_sched_source *s);
    void (*close)(struct ag_sched_source *s);
};

struct ag_sched_source {
    const struct ag_sched_source_ops *ops;
};

void ag_sched_table_free(struct ag_sched_table *t);

#endif
