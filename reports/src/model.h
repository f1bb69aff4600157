/* The two steps of a report: analyse a loaded run into one model
 * (groups, variance components, tests, verdicts, recommendation, the
 * opening's facts), then render that model as Markdown, HTML and plots.
 * Renderers read the model and format it; every choice, test and sum is
 * made here, once, so that all outputs of one run say the same. A
 * comparison of two runs is the two runs' models and the changes between
 * them, rendered the same way. */
#ifndef DS_MODEL_H
#define DS_MODEL_H

#include "dsreport.h"

/* ---- model.c: one run ---- */
struct cell_tally {
	int ok, failed, unsupported, broken;
	const struct cell *first_not_run; /* the first failed or unsupported cell */
};

/* What the noise table advises for one row (noise.c). */
enum advice {
	ADV_NEED_BOOTS,     /* one boot: between-boot variance unknown */
	ADV_NEED_REPEATS,   /* one repeat per boot: within-boot variance unknown */
	ADV_NO_SPREAD,
	ADV_COST_UNKNOWN,   /* more of the dominant level */
	ADV_REPEATS_ONLY,   /* boots differ no more than their repeats */
	/* The last three name a number: .repeats. */
	ADV_MORE_REPEATS,   /* about .repeats per boot */
	ADV_MORE_BOOTS,     /* more boots of about .repeats each */
	ADV_AS_RUN,
};
struct noise_row {
	const struct group *g;
	const struct varcomp *vc;
	enum advice advice;
	long repeats;
};
struct noise {
	struct run_costs costs;
	struct noise_row *rows;
	int n, one_boot, between, within;
};

/* The opening's facts (render-headline.c writes them). */
struct opening {
	/* DAX against cache=none, per workload measured in both */
	int compared, wins, losses, no_difference, untested, only_dax;
	const struct verdict *top; /* the largest significant win */
	double lo_speedup;         /* the smallest significant win */
	/* Where DAX stops winning, by working set / window: the largest ratio
	 * it wins at, the smallest it does not, and that test. */
	const struct group *win, *stop;
	const struct verdict *stop_v;
	struct boot_compare stop_c;
	/* The DAX config best in most workloads DAX wins (where it is best,
	 * if it wins none), of how many, and what its window costs. */
	const struct group *pick;
	int pick_votes, pick_of;
	bool pick_where_wins, one_window;
	double pick_cost_kib; /* NaN: not measured */
};

struct model {
	const struct run *run;
	struct groups gs;
	struct verdict *vs; /* one per workload, in the run's order */
	int nvs;
	/* Per verdict: the window recommended (the smallest as good, else the
	 * best) and its cost in guest memory (KiB, NaN: not measured). */
	long long *rec_window;
	double *rec_cost_kib;
	struct opening open;
	struct cell_tally cells;
	bool kvm;
	/* The cliff in words: of one job, the DAX group that fits its window
	 * most tightly and the one that outgrows it most (both or neither). */
	const struct group *cliff_lo, *cliff_hi;
	long long dax_range; /* the DAX groups' (the last's when they vary); -1: none */
	bool range_varies;
	struct noise noise;
	/* The cell the time series shows: the DAX cell with the most reclaims. */
	const struct cell *timeseries;
	/* Per prediction curve: drawn over the window sweep. */
	bool *curve_drawn;
};

void analyse_run(const struct run *run, struct model *m);
/* Per group of the model, its bandwidth as % of the same workload's tmpfs
 * group; NaN without one. */
double model_pct_of_tmpfs(const struct model *m, const struct group *g);

/* ---- noise.c ---- */
void analyse_noise(const struct run *run, const struct groups *gs, struct noise *n);

/* ---- rendering (render-*.c) ---- */
void render_opening(const struct model *m, struct doc *d);
void render_recommendation(const struct model *m, struct doc *d);
void render_noise(const struct model *m, struct doc *d);
/* The whole report; p says which plots were drawn. */
void render_report(const struct model *m, const struct plots *p, struct doc *d);
/* The opening alone: headline and recommendation (opening.md). */
void render_summary(const struct model *m, struct doc *d);
int render_plots(const struct model *m, const char *outdir, const char *templates, bool draw,
		 struct plots *p);
/* render-json.c: the model as JSON; -1 (named on stderr) if it cannot be
 * written. */
int render_model_json(const struct model *m, const char *path);

/* ---- compare.c: two runs (or one run's configs paired) ---- */
struct pair { /* config a of run A against config b of run B */
	const char *a, *b;
};
struct change {
	const struct group *a, *b;
	enum metric m;
	struct boot_compare bc;     /* B against A, boots the unit */
	double pct, lo_pct, hi_pct; /* change and its Fieller CI, % of A's mean */
	int pair;                   /* index into the compare's pairs */
};
/* Comparisons made and significant (dscompare's last line). */
struct compare_tally {
	int total, significant, better, tested;
};
/* A workload of a pair not measured on both sides. */
struct one_side {
	const char *workload, *config_a, *config_b; /* NULL: the pair has no such side */
	const char *state_a, *state_b;              /* "absent", "not supported", ... */
};
struct kv_diff { /* a manifest line that differs; NULL: absent on that side */
	const char *key, *a, *b;
};
struct compare {
	struct run ra, rb;
	struct model a, b;
	struct pair *given; /* --pair; none: every config both runs have */
	int ngiven;
	/* analyse_compare() */
	struct pair *pairs;
	char **pair_labels;
	int npairs;
	char **orders; /* per pair: boot_order() when A and B are one run, else NULL */
	struct change *changes; /* metric by metric, pair by pair, workload by workload */
	int nchanges;
	struct compare_tally tally;
	struct one_side *only;
	int nonly;
	struct kv_diff *mdiff; /* where the two manifests differ */
	int nmdiff;
	bool same_run;
};
extern const enum metric compared_metrics[];
extern const int ncompared_metrics;
/* The metrics the plot of the changes shows, one panel each: the first
 * three compared. */
#define NPLOTTED 3
/* NULL, or why a --pair names a config its run does not have. */
const char *compare_check_pairs(const struct compare *cmp);
void analyse_compare(struct compare *cmp);
/* The change of metric m of a workload in pair PAIR; NULL if not compared. */
const struct change *compare_find(const struct compare *cmp, int pair, const char *workload,
				  enum metric m);
struct change compare_one(const struct group *a, const struct group *b, enum metric m);

/* ---- compare-render.c ---- */
/* "significant, better (p = 0.002)", "not significant (p = 0.41)",
 * "too few boots: 1 and 1" */
void change_verdict(const struct change *ch, char *dst, size_t len);
void render_compare(const struct compare *cmp, bool plots, struct doc *d);
int render_compare_plot(const struct compare *cmp, const char *outdir, const char *templates, bool draw);
int render_compare_json(const struct compare *cmp, const char *path);

#endif
