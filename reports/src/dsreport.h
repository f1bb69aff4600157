/* dsreport: turns a daxscope results directory into an HTML report and a
 * Markdown summary. Shared types and the functions of each source file. */
#ifndef DSREPORT_H
#define DSREPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "stats.h"

#define MIB (1024.0 * 1024.0)

/* ---- util.c: memory, strings, files, key=value files ---- */
/* Names the tool in its error lines ("dsreport", "dscompare"). */
extern const char *tool_name;
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *path_join(const char *a, const char *b);
bool file_exists(const char *path);
/* A results directory's own name: its last path component. */
const char *run_name(const char *dir);

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
/* "p = 0.012", "p < 0.001", "p n/a". */
const char *fmt_p(char *dst, size_t len, double p);

/* ---- outdir.c ---- */
/* Create OUT (PATH_MAX bytes of its real path into abs) unless it is one
 * of the NULL-terminated results directories roots or inside one. Errors
 * here and below are one line on stderr. */
int make_outdir(const char *out, const char *const *roots, char *abs);
/* The plot templates' absolute path (PATH_MAX bytes into abs). */
int templates_dir(const char *templates, char *abs);

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
	int boot; /* index into run->boots; -1 when the meta file is unreadable */
	bool daxstat;
	enum cell_status status;
	char *reason, *log;
	double started; /* wall clock at the cell's start (epoch seconds); NaN: not recorded */
	double secs;    /* the cell's time in the guest; NaN: not recorded */
	double span_s;  /* from its first handshake to its last (guest uptime); NaN: not recorded */
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

/* prediction.c: daxsim's predictions beside what the run measured. */
enum { PRED_NEW, PRED_RECLAIMS, PRED_HIT, PRED_NM };
struct pred_line { /* one (workload, window, range), summed over its repeats */
	char *workload, *result;
	long long window, range;
	double pred[PRED_NM], meas[PRED_NM];
	double err[PRED_NM]; /* counts: % of measured; hit ratio: points; NaN: not judged */
	double tolerance;    /* % */
	bool over;
};
struct pred_curve { /* predicted hit ratio over windows, one guest's recording */
	char *guest, *workload;
	long long range;
	struct { long long window; double hit_ratio; } *pts;
	int npts;
};
struct prediction {
	bool present; /* validate.jsonl exists */
	struct pred_line *lines;
	int nlines;
	struct pred_curve *curves;
	int ncurves;
	double max_error; /* NaN: none; INFINITY: a measured 0 against a prediction */
};
void prediction_load(const char *dir, struct prediction *p);

struct run {
	char *dir;
	struct kv manifest, matrix;
	struct cell *cells;
	int ncells;
	/* Guest boots, one name each: "boot N" from a cell's boot=, else
	 * "guest NAME" (runs before boot= was recorded booted each guest once). */
	char **boots;
	int nboots;
	struct guest_dax *dax;
	int ndax;
	/* window-memory: guest memory (KiB) each window size costs */
	long long *wmem_window;
	double *wmem_kib;
	int nwmem;
	/* fio's runtime of the measured jobs and the cells' time in the
	 * guests, summed over the cells that have both (0: none has) */
	double io_s, cell_s;
	struct prediction pred;
};

/* load.c */
int load_run(const char *dir, struct run *run);
/* wmem.c: run->wmem_* from the guests' MemFree (or an older run's
 * window-memory file). */
void load_window_memory(struct run *run);
/* Guest memory (KiB) a window of this size costs; NaN when not measured. */
double run_window_cost_kib(const struct run *run, long long window);
const struct guest_dax *run_dax(const struct run *run, const char *guest);

/* fio.c: 0 if the JSON has usable jobs; otherwise -1 and *why says why. */
int fio_parse(const char *path, struct cell *c, char **why);
/* bw log: summed over the cell's jobs into MiB/s per time bucket. */
int fio_bw_series(const char *celldir, double bucket_ms, double **t_s, double **mib, int *n);

/* daxstat.c */
int daxstat_load(const char *path, struct guest_dax *g);
void daxstat_slice(const struct guest_dax *g, struct cell *c);

/* ---- groups.c: cells of one (config, workload) over the repeats ---- */
/* What a group summarizes over its repeats, one value per measured cell. */
enum metric {
	M_BW,              /* MiB/s */
	M_IOPS,
	M_P50,             /* clat percentiles, µs */
	M_P99,
	M_P999,
	M_HIT,             /* DAX hit ratio (daxstat, else the host's estimate) */
	M_SETUPS,          /* FUSE_SETUPMAPPING requests per cell */
	M_SETUPS_PER_S,
	M_SETUP_LAT,       /* mean setup latency, µs */
	M_REMOVED_PER_S,   /* removed ranges per second (host) */
	M_RECLAIMS_PER_S,  /* reclaims per second (daxstat) */
	M_COUNT
};

struct metric_info {
	const char *name, *unit;
	int decimals;
	bool higher_is_better;
	bool dax_counter; /* means something in DAX cells only */
};
extern const struct metric_info metric_info[M_COUNT];

/* A cell's value of a metric; NaN when not measured. */
double cell_metric(const struct cell *c, enum metric m);

struct samples {
	double *v;
	int *boot; /* the boot each value was measured in */
	int n;
};

struct group {
	char *config, *workload, *mode, *job, *engine, *modules;
	const char *cache, *kernel;
	int files;
	long long window, range, working_set;
	int n_cells, n_ok, n_failed, n_unsupported, n_broken;
	const char *unsupported_reason;
	struct samples s[M_COUNT]; /* per measured cell */
	/* Boots are the unit (stats.h): m is the mean of boot means with the
	 * t interval over boots (m.n counts boots; ci is NaN below two). */
	struct summary m[M_COUNT];
	struct boot_summary bs[M_COUNT];
	struct varcomp vc[M_COUNT];
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
/* A DAX group with at least one measured cell. */
bool group_dax_ok(const struct group *g);
/* Working set / window; NaN without a window. */
double group_ws_ratio(const struct group *g);
/* A metric's values with their boots, for the two-level statistics. */
struct level2 group_level2(const struct group *g, enum metric m);
/* B against A at the boot level (boot_compare()). */
struct boot_compare group_compare(const struct group *a, const struct group *b, enum metric m);
/* "too few boots: 1 and 1" when c is not tested, else NULL. */
const char *too_few_boots(char *dst, size_t len, const struct boot_compare *c);

/* ---- verdict.c: per workload, which mode wins and whether it is significant ---- */
struct verdict {
	const char *workload;
	const struct group *dax, *none;   /* the best of each mode by mean bandwidth */
	const struct group *best, *other; /* the best of both, the other mode's best */
	const struct group *tmpfs;
	/* The smallest DAX window whose bandwidth interval overlaps dax's,
	 * and it (B) against dax (A); smaller_unjudged counts the smaller
	 * windows with too few boots (theirs or dax's) to tell. */
	const struct group *smaller;
	struct boot_compare smaller_bc;
	int smaller_unjudged;
	bool none_seen, none_unsupported;
	struct boot_compare bc;           /* bandwidth, other (A) against best (B) */
};
/* One per workload of the run, in its order; best is NULL when neither
 * DAX nor none was measured. */
int build_verdicts(const struct groups *gs, struct verdict **out);
double verdict_speedup(const struct verdict *v);
bool verdict_significant(const struct verdict *v);
/* What the headline sorts workloads by. */
bool verdict_dax_wins(const struct verdict *v);  /* significantly */
bool verdict_dax_loses(const struct verdict *v); /* significantly */
bool verdict_dax_best(const struct verdict *v);  /* by the means */
bool verdict_no_difference(const struct verdict *v);
bool verdict_untested(const struct verdict *v);  /* too few boots */
bool verdict_only_dax(const struct verdict *v);  /* none refuses the workload */

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
	int opening; /* the leading blocks that make the opening (headline, recommendation) */
};
void doc_heading(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_para(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_table(struct doc *d, struct table *t);
void doc_figure(struct doc *d, const char *file, const char *caption);
int doc_write_md(const struct doc *d, const char *path);
/* OUTDIR/md and OUTDIR/html; -1 (named on stderr) if either fails. */
int doc_write_files(const struct doc *d, const char *outdir, const char *md, const char *html);
/* The tools' last step: write both files, print the directory; the exit
 * status is RC, or 1 when a file or an input had a problem. */
int finish_outputs(const struct doc *d, const char *outdir, const char *md, const char *html, int rc);
/* Markdown to an open stream; no "# title" line when title is NULL. */
void doc_print_md(const struct doc *d, FILE *f);
int doc_write_html(const struct doc *d, const char *path);

/* ---- noise.c: where the noise is, and what to run more of ---- */
/* What a repeat and a boot cost in seconds (NaN when the run does not
 * say); from says where the figures come from. */
struct run_costs {
	double repeat_s, boot_s;
	const char *from;
};
struct run_costs run_costs(const struct run *run);

/* ---- order.c: when two configs' boots ran ---- */
/* The boots of config a and of config b in the order they started, as a
 * string of 'A' and 'B' ('=' for a boot both ran in); NULL when a cell has
 * no start time. Caller frees. */
char *boot_order(const struct run *run, const char *a, const char *b);
/* A sentence on that order: interleaved boot by boot, one after the other... */
void boot_order_words(const char *order, char *dst, size_t len);

/* ---- render-plots.c: gnuplot data files and templates ---- */
struct plots { /* which plots render_plots() made */
	bool made; /* false with --no-plots */
	bool timeseries_daxstat;
};
/* gnuplot -e VARS TEMPLATES/TPL in outdir, once as SVG and once as PNG. */
int plot_template(const char *outdir, const char *templates, const char *tpl, const char *vars);

#endif
