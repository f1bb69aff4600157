/* SPDX-License-Identifier: GPL-2.0 */
/* The cells of a results directory (workloads/run-matrix.sh): cells.list,
 * and each cell's meta and status. Only what validate uses is kept. */
#ifndef DAXSIM_RESULTS_H
#define DAXSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

struct cell {
	char *id;		/* CONFIG/WORKLOAD/REPEAT */
	char *guest, *workload;
	uint64_t window, range;	/* bytes */
	long repeat;
	int ok;			/* status=ok */
	int daxstat;		/* daxstat=1: daxstat ran during the cell */
	int has_span;		/* cell_begin and cell_end were given */
	int64_t begin_ns, end_ns;	/* CLOCK_BOOTTIME, from /proc/uptime */
};

struct results {
	char *dir;
	struct cell *cells;	/* dax cells only, in cells.list order */
	size_t n;
	size_t ncells;		/* all cells of cells.list */
};

/* Returns 0, or -1 with "PATH: what" in err (no results directory, a cell
 * without meta, a corrupt meta or status, out of memory). A dax cell
 * without a status (a run cut short) counts as not ok. */
int results_read(const char *dir, struct results *r, char *err, size_t errlen);
void results_free(struct results *r);

/* "dir/a/b" (malloc'd, NULL when out of memory). */
char *path_of(const char *dir, const char *a, const char *b);

#endif
