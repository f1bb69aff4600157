/* dsreport: turns a daxscope results directory into an HTML report and a
 * Markdown summary. Shared types and the functions of each source file. */
#ifndef DSREPORT_H
#define DSREPORT_H

#include <stdbool.h>
#include <stdio.h>

#define MIB (1024.0 * 1024.0)

/* ---- util.c: memory, strings, files, key=value files ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *path_join(const char *a, const char *b);
bool file_exists(const char *path);

struct kv {
	char **keys, **vals;
	int n;
};
/* 0 if read; -1 if the file cannot be opened (errno set). */
int kv_load(const char *path, struct kv *kv);
const char *kv_get(const struct kv *kv, const char *key);
long long kv_ll(const struct kv *kv, const char *key, long long dflt);
void kv_free(struct kv *kv);

/* ---- json.c: lookups in json-c objects ---- */
struct json_object;
struct json_object *json_get(struct json_object *o, const char *key);
/* A number; NaN when absent or null (unavailable is never 0). */
double json_num(struct json_object *o, const char *key);

/* Growing string. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A missing or corrupt result file: one line on stderr naming it; the
 * report goes on and the exit status becomes non-zero. */
void problem(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int problem_count(void);

/* Number formatting shared by both outputs: "n/a" for NaN. */
const char *fmt_num(char *dst, size_t len, double v, int decimals);
const char *size_name(char *dst, size_t len, long long bytes);

/* ---- results: what one cell measured ---- */
enum cell_status { CELL_OK, CELL_FAILED, CELL_UNSUPPORTED, CELL_BROKEN };

struct host_delta { /* virtiofsd counters over one cell (end - begin) */
	bool ok;
	double setup_requests, setup_ranges, setup_time_ns, setup_errors;
	double remove_requests, remove_ranges, remove_time_ns, remove_errors;
};

struct dax_delta { /* daxstat intervals that fell within one cell */
	bool ok;
	double hits, new_mappings, upgrades, removed_ranges, reclaims;
	int intervals;
};

struct cell {
	char *id, *config, *mode, *workload, *job, *engine, *guest, *modules;
	char *cache, *kernel; /* virtiofsd's cache mode, the guest kernel */
	long long window, range, working_set;
	int files, repeat, log_msec;
	bool daxstat;
	enum cell_status status;
	char *reason, *log;
	/* fio, measured jobs only (not the prep-* ones) */
	double bw_mib, iops, ios, p50_us, p99_us, p999_us, runtime_ms;
	long long end_ms;
	struct host_delta host;
	struct dax_delta dax;
};

/* One line of a guest's daxstat.jsonl (type "interval"). */
struct dax_sample {
	long long t_ms; /* end of the interval, guest wall clock */
	double interval_s, hits, new_mappings, upgrades, removed_ranges, reclaims;
	double free_ranges; /* NaN when daxstat could not see it */
};

struct guest_dax {
	char *guest;
	struct dax_sample *s;
	int n;
};

struct run {
	char *dir;
	struct kv manifest, matrix;
	struct cell *cells;
	int ncells;
	struct guest_dax *dax;
	int ndax;
	/* window-memory: guest memory (KiB) each window size costs */
	long long *wmem_window;
	double *wmem_kib;
	int nwmem;
};

/* load.c */
int load_run(const char *dir, struct run *run);
const struct guest_dax *run_dax(const struct run *run, const char *guest);

/* fio.c: 0 if the JSON has usable jobs; otherwise -1 and *why says why. */
int fio_parse(const char *path, struct cell *c, char **why);
/* bw log: summed over the cell's jobs into MiB/s per time bucket. */
int fio_bw_series(const char *celldir, double bucket_ms, double **t_s, double **mib, int *n);

/* daxstat.c */
int daxstat_load(const char *path, struct guest_dax *g);
void daxstat_slice(const struct guest_dax *g, struct cell *c);

/* ---- groups.c: cells of one (config, workload) over the repeats ---- */
struct summary {
	int n;
	double mean, sd;
};

struct group {
	char *config, *workload, *mode, *job, *engine, *modules;
	const char *cache, *kernel;
	int files;
	long long window, range, working_set;
	int n_cells, n_ok, n_failed, n_unsupported, n_broken;
	const char *unsupported_reason;
	struct summary bw, iops, p50, p99, p999;
	struct summary hit, setups, setup_lat_us, removed_per_s, reclaims_per_s;
	bool hit_from_daxstat;
};

struct groups {
	struct group *g;
	int n;
	char **workloads; /* in the order of the run */
	int nworkloads;
	char **configs;
	int nconfigs;
};

void build_groups(const struct run *run, struct groups *gs);
const struct group *find_group(const struct groups *gs, const char *config, const char *workload);
/* "workingset psync 1f": what a window or range sweep draws as one line. */
char *group_family(const struct group *g);

/* ---- doc.c: a document of sections, tables and figures ---- */
struct table {
	char **head;
	int ncols;
	char ***rows;
	int nrows;
	bool *right; /* numeric columns are right-aligned */
};
struct table *table_new(int ncols, ...);
void table_right(struct table *t, int col);
void table_row(struct table *t, ...); /* ncols strings, copied */

enum block_kind { B_HEADING, B_PARA, B_TABLE, B_FIGURE };
struct block {
	enum block_kind kind;
	char *text; /* heading, paragraph, figure caption */
	char *file; /* figure base name (file.svg, file.png) */
	struct table *table;
};
struct doc {
	char *title;
	struct block *b;
	int n;
};
void doc_heading(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_para(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_table(struct doc *d, struct table *t);
void doc_figure(struct doc *d, const char *file, const char *caption);
int doc_write_md(const struct doc *d, const char *path);
int doc_write_html(const struct doc *d, const char *path);

/* ---- sections.c: the report's content ---- */
struct plots; /* plots.c */
void build_doc(const struct run *run, const struct groups *gs, const struct plots *p, struct doc *d);

/* ---- plots.c: gnuplot data files and templates ---- */
struct plots {
	bool made; /* false with --no-plots */
	const char *timeseries_cell;
	bool timeseries_daxstat;
};
int make_plots(const struct run *run, const struct groups *gs, const char *outdir,
	       const char *templates, bool draw, struct plots *p);

#endif
