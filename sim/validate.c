// SPDX-License-Identifier: GPL-2.0
/*
 * daxsim --validate RESULTS_DIR: each guest's recording (guests/G/dax.rec)
 * through one model at the guest's window and range, and per cell the
 * model's counts over exactly the daxstat intervals that measured the cell.
 * One line per (workload, window, range), summed over its repeats.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dslines.h"
#include "replay.h"
#include "results.h"
#include "size.h"
#include "validate.h"
#include "vcurve.h"
#include "vout.h"

/* The least tolerance, in % (and points for the hit ratio). */
#define TOL_FLOOR 15.0

struct vguest {
	const char *name;
	uint64_t window, range;
	const char *first;	/* the cell whose meta gave window and range */
	int has_rec;
	int compared;		/* has a cell to compare */
	struct vguest_info w;	/* its worker */
};

struct vcell {
	const struct cell *c;
	size_t guest, line;
	size_t nint;			/* daxstat intervals within the cell */
	uint64_t meas[DS_NCOUNTERS];	/* their sums */
	unsigned null_mask;		/* counters null in any of them */
	double pred[DS_NCOUNTERS];	/* the model's, same intervals, scaled */
};

struct vkey {
	const char *workload;
	uint64_t window, range;
	size_t last_guest;	/* the line is complete after this guest */
};

struct ctx {
	const char *dir;
	const struct vout_ops *out;
	struct results r;
	struct vguest *g;
	size_t ng;
	struct vcell *vc;
	size_t nvc;
	struct vkey *k;
	size_t nk;
	struct vinfo info;
	struct vsummary sum;
	int curve;		/* also the predicted curve (JSON) */
	uint64_t max_window;	/* ... up to this window */
	int64_t reclaim_ns;	/* --reclaim-ns; < 0: each guest's own */
	int only_remove;	/* --reclaim-from removemapping */
};

/* Bad input: keeps what stdout has so far, one line on stderr, exit 2. */
static void vfail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("daxsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *grow(void *p, size_t n, size_t size)
{
	void *q = n > SIZE_MAX / size ? NULL : realloc(p, n ? n * size : 1);

	if (!q)
		vfail("out of memory");
	return q;
}

/* Room for n elements in *p, doubling: a long run has many intervals. */
static void *room(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	*cap = *cap * 2 > n ? *cap * 2 : n + 64;
	return grow(p, *cap, size);
}

static char *guest_file(const struct ctx *x, const char *guest, const char *file)
{
	char *d = path_of(x->dir, "guests", guest), *p = d ? path_of(d, file, NULL) : NULL;

	free(d);
	if (!p)
		vfail("out of memory");
	return p;
}

static int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The guests, each with one (window, range) over all its dax cells. */
static void find_guests(struct ctx *x)
{
	char a[32], b[32], c[32], d[32];
	size_t i, j;

	for (i = 0; i < x->r.n; i++) {
		const struct cell *cl = &x->r.cells[i];

		for (j = 0; j < x->ng && strcmp(x->g[j].name, cl->guest); j++)
			;
		if (j == x->ng) {
			char *rec = guest_file(x, cl->guest, "dax.rec");

			x->g = grow(x->g, ++x->ng, sizeof(*x->g));
			x->g[j] = (struct vguest){ .name = cl->guest, .window = cl->window, .range = cl->range,
						   .first = cl->id, .has_rec = is_file(rec) };
			free(rec);
		} else if (x->g[j].window != cl->window || x->g[j].range != cl->range) {
			vfail("%s/cells/%s/meta: window %s range %s, but guest %s's cell %s has window %s "
			      "range %s: one guest has one window", x->dir, cl->id,
			      size_fmt(cl->window, a, sizeof(a)), size_fmt(cl->range, b, sizeof(b)),
			      cl->guest, x->g[j].first, size_fmt(x->g[j].window, c, sizeof(c)),
			      size_fmt(x->g[j].range, d, sizeof(d)));
		}
	}
}

/* The cells to compare (dax, ok, measured by daxstat, recorded) and the
 * lines they make, in the order of cells.list. */
static void pick_cells(struct ctx *x)
{
	size_t i, gi, j;

	for (i = 0; i < x->r.n; i++) {
		const struct cell *cl = &x->r.cells[i];
		struct vcell *v;

		for (gi = 0; strcmp(x->g[gi].name, cl->guest); gi++)
			;
		if (!cl->ok) {
			x->info.not_ok++;
			continue;
		}
		if (!cl->daxstat) {
			x->info.no_daxstat++;
			continue;
		}
		if (!x->g[gi].has_rec) {
			x->info.no_rec++;
			continue;
		}
		if (!cl->has_span)
			vfail("%s/cells/%s/status: no cell_begin and cell_end: the cell's daxstat "
			      "intervals cannot be found", x->dir, cl->id);
		if (cl->window < cl->range)
			vfail("%s/cells/%s/meta: corrupt (window smaller than one range)", x->dir, cl->id);
		for (j = 0; j < x->nk; j++)
			if (!strcmp(x->k[j].workload, cl->workload) && x->k[j].window == cl->window &&
			    x->k[j].range == cl->range)
				break;
		if (j == x->nk) {
			x->k = grow(x->k, ++x->nk, sizeof(*x->k));
			x->k[j] = (struct vkey){ cl->workload, cl->window, cl->range, gi };
		}
		if (gi > x->k[j].last_guest)
			x->k[j].last_guest = gi;
		x->vc = grow(x->vc, ++x->nvc, sizeof(*x->vc));
		v = &x->vc[x->nvc - 1];
		memset(v, 0, sizeof(*v));
		v->c = cl;
		v->guest = gi;
		v->line = j;
	}
	for (gi = 0; gi < x->ng; gi++)
		for (i = 0; i < x->nvc; i++)
			if (x->vc[i].guest == gi) {
				x->info.guests++;
				x->g[gi].compared = 1;
				break;
			}
	x->info.cells = x->nvc;
	if (!x->nvc)
		vfail("%s: no dax cell with status=ok, daxstat=1 and a recording "
		      "(guests/GUEST/dax.rec) to compare", x->dir);
}

/*
 * Each compared guest's worker, unless --reclaim-ns gives one for all: the
 * timed worker at the guest's own time per range from its daxstat summary.
 * First choice, the histogram of the worker's time per reclaimed range
 * (reclaim_background: from the worker's start or its previous range to
 * this range's removal, the interval rule 10 models). Without it (or with
 * --reclaim-from removemapping), the mean FUSE_REMOVEMAPPING time per
 * request: the worker sends one request per range (dmap_removemapping_one()),
 * an eviction one for many (dmap_removemapping_list()), so a mean per
 * removed range would understate the worker's cost where evictions are
 * common; and it leaves out the worker's lock waits, writeback and
 * invalidation, so it is a lower bound. Neither measured: the instant worker.
 */
static void guest_workers(struct ctx *x)
{
	size_t gi;
	char err[1024];

	for (gi = 0; gi < x->ng; gi++) {
		struct vguest *g = &x->g[gi];
		const struct ds_hist *h = NULL;
		struct ds_summary s;
		char *pjs;
		int src = VW_NONE;

		if (!g->compared)
			continue;
		g->w = (struct vguest_info){ .guest = g->name, .window = g->window, .range = g->range };
		if (x->reclaim_ns >= 0) {
			g->w.reclaim_ns = (uint64_t)x->reclaim_ns;
			g->w.source = VW_OPTION;
			x->info.by_source[VW_OPTION]++;
			continue;
		}
		pjs = guest_file(x, g->name, "daxstat.jsonl");
		if (ds_summary_read(pjs, &s, err, sizeof(err)))
			vfail("%s", err);
		free(pjs);
		if (!x->only_remove && s.reclaim_background.has && s.reclaim_background.count) {
			h = &s.reclaim_background;
			src = VW_WORKER;
		} else if (s.removemapping.has && s.removemapping.count) {
			h = &s.removemapping;
			src = VW_REMOVEMAPPING;
		}
		/* Under 0.5 ns a range is as good as instant. */
		if (h && !(g->w.reclaim_ns = (uint64_t)llround((double)h->sum_ns / (double)h->count)))
			src = VW_NONE;
		g->w.source = src;
		x->info.by_source[src]++;
		if (src == VW_NONE)
			continue;
		g->w.count = h->count;
		g->w.sum_ns = h->sum_ns;
		if (x->info.by_source[VW_WORKER] + x->info.by_source[VW_REMOVEMAPPING] == 1 ||
		    g->w.reclaim_ns < x->info.min_ns)
			x->info.min_ns = g->w.reclaim_ns;
		if (g->w.reclaim_ns > x->info.max_ns)
			x->info.max_ns = g->w.reclaim_ns;
	}
	x->info.reclaim_given = x->reclaim_ns >= 0;
	x->info.reclaim_ns = x->info.reclaim_given ? (uint64_t)x->reclaim_ns : 0;
	x->info.only_remove = x->only_remove;
}

/* a - b, or -1 when that leaves int64_t. */
static int sub_ns(int64_t a, int64_t b, int64_t *out)
{
	if ((b > 0 && a < INT64_MIN + b) || (b < 0 && a > INT64_MAX + b))
		return -1;
	*out = a - b;
	return 0;
}

static int i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The model's counters in daxstat's order. */
static uint64_t counter(const struct model_counts *c, int i)
{
	switch (i) {
	case DS_HITS: return c->hits;
	case DS_NEW_MAPPINGS: return c->new_mappings;
	case DS_UPGRADES: return c->upgrades;
	case DS_RECLAIM_INLINE: return c->reclaim_inline;
	default: return c->reclaim_background;
	}
}

struct pick {
	size_t cell;
	int64_t from, to;	/* the interval (from, to], boot ns */
};

/* The recording's time and granule against the guest's cells. */
static uint32_t check_trace(const struct ctx *x, const struct vguest *g, const struct trace *t,
			    const char *prec, unsigned *shift)
{
	uint64_t r = g->range;
	double sim;
	char a[32], b[32];

	if (!t->has_realtime_offset)
		vfail("%s: no '# realtime_offset_ns=N' header line: its times cannot be matched "
		      "with daxstat.jsonl's", prec);
	if (r < t->granule || r % t->granule || !is_pow2(r / t->granule))
		vfail("%s: guest %s's range %s is not the recording's granule (%s) times a power of two",
		      prec, g->name, size_fmt(r, a, sizeof(a)), size_fmt(t->granule, b, sizeof(b)));
	if (t->sample_rate < 1 && r > t->sample_unit)
		vfail("%s: guest %s's range %s is larger than the recording's sample_unit %s",
		      prec, g->name, size_fmt(r, a, sizeof(a)), size_fmt(t->sample_unit, b, sizeof(b)));
	*shift = log2u(r / t->granule);
	/* As daxsim.c simulate(): a sampled window of round(ranges x rate). */
	sim = round((double)(g->window / r) * t->sample_rate);
	if (sim < 1)
		sim = 1;
	if (sim >= (double)(1U << 30))
		vfail("%s/cells/%s/meta: a window of %s in %s ranges is too many ranges to simulate",
		      x->dir, g->first, size_fmt(g->window, a, sizeof(a)), size_fmt(r, b, sizeof(b)));
	return (uint32_t)sim;
}

/* Measured and predicted counts of each of guest gi's cells. */
static void do_guest(struct ctx *x, size_t gi)
{
	const struct vguest *g = &x->g[gi];
	char *prec = guest_file(x, g->name, "dax.rec"), *pjs = guest_file(x, g->name, "daxstat.jsonl");
	struct model_counts *snap;
	struct pick *pk = NULL;
	struct ds_lines dl;
	struct trace t;
	int64_t *at = NULL;
	size_t npk = 0, nat = 0, cpk = 0, cat = 0, i, j, u;
	char err[512];
	unsigned shift;
	uint32_t sim;
	FILE *f;
	int ret;

	if (ds_lines_read(pjs, &dl, err, sizeof(err)))
		vfail("%s", err);
	if (!(f = fopen(prec, "r")))
		vfail("%s: %s", prec, strerror(errno));
	ret = trace_read(&t, f, prec, NULL, err, sizeof(err));
	fclose(f);
	if (ret)
		vfail("%s", err);
	sim = check_trace(x, g, &t, prec, &shift);

	/* daxstat_slice()'s rule: an interval is the cell's when its midpoint
	 * is within [cell_begin, cell_end]; daxstat's wall-clock times come
	 * to boot time with the recording's offset. */
	for (i = 0; i < x->nvc; i++) {
		struct vcell *v = &x->vc[i];

		if (v->guest != gi)
			continue;
		for (j = 0; j < dl.n; j++) {
			const struct ds_interval *iv = &dl.iv[j];
			int64_t to, from, mid;
			int c;

			if (sub_ns(iv->end_ms * 1000000, t.realtime_offset_ns, &to) ||
			    sub_ns(to, iv->len_ns, &from))
				vfail("%s: realtime_offset_ns %lld is not near daxstat.jsonl's times", prec,
				      (long long)t.realtime_offset_ns);
			mid = to - iv->len_ns / 2;
			if (mid < v->c->begin_ns || mid > v->c->end_ns)
				continue;
			v->nint++;
			for (c = 0; c < DS_NCOUNTERS; c++)
				v->meas[c] += iv->v[c];
			v->null_mask |= iv->null_mask;
			pk = room(pk, &cpk, npk + 1, sizeof(*pk));
			pk[npk++] = (struct pick){ i, from, to };
			at = room(at, &cat, nat + 2, sizeof(*at));
			at[nat++] = from;
			at[nat++] = to;
		}
	}
	if (nat)
		qsort(at, nat, sizeof(*at), i64_cmp);
	for (i = u = 0; i < nat; i++)
		if (!u || at[u - 1] != at[i])
			at[u++] = at[i];
	nat = u;
	snap = grow(NULL, nat, sizeof(*snap));
	if (replay_snapshots(&t, sim, shift, g->w.reclaim_ns, at, nat, snap))
		vfail("out of memory for a window of %u ranges", sim);
	if (x->curve) {
		struct vcurve_span *sp = grow(NULL, npk, sizeof(*sp));

		for (i = 0; i < npk; i++)
			sp[i] = (struct vcurve_span){ x->vc[pk[i].cell].c->workload, pk[i].from, pk[i].to };
		if (vcurve_guest(g->name, &t, g->range, shift, g->w.reclaim_ns, g->window, x->max_window,
				 sp, npk, at, nat))
			vfail("out of memory for the curve of guest %s", g->name);
		free(sp);
	}
	for (i = 0; i < npk; i++) {
		const struct model_counts *a = &snap[replay_index(at, nat, pk[i].from)];
		const struct model_counts *b = &snap[replay_index(at, nat, pk[i].to)];
		int c;

		for (c = 0; c < DS_NCOUNTERS; c++)
			x->vc[pk[i].cell].pred[c] += (double)(counter(b, c) - counter(a, c)) / t.sample_rate;
	}
	free(snap);
	free(at);
	free(pk);
	trace_free(&t);
	ds_lines_free(&dl);
	free(prec);
	free(pjs);
}

#define BIT(c) (1u << (c))

/* A cell's measured value of metric m; -1 when it has none. */
static double cell_value(const struct vcell *v, int m)
{
	const uint64_t *c = v->meas;
	uint64_t refs;

	switch (m) {
	case VM_NEW_MAPPINGS:
		return (double)c[DS_NEW_MAPPINGS];
	case VM_RECLAIMS:
		return (double)(c[DS_RECLAIM_INLINE] + c[DS_RECLAIM_BACKGROUND]);
	default:
		refs = c[DS_HITS] + c[DS_NEW_MAPPINGS] + c[DS_UPGRADES];
		return refs ? (double)c[DS_HITS] / (double)refs : -1;
	}
}

/* The repeats' spread: (max - min) / mean in % for counts, max - min in
 * points for the hit ratio. */
static double spread(const struct ctx *x, size_t line, int m)
{
	double lo = INFINITY, hi = -INFINITY, sum = 0;
	size_t i, n = 0;

	for (i = 0; i < x->nvc; i++) {
		double v;

		if (x->vc[i].line != line || !x->vc[i].nint || (v = cell_value(&x->vc[i], m)) < 0)
			continue;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		sum += v;
		n++;
	}
	if (n < 2)
		return 0;
	if (m == VM_HIT_RATIO)
		return 100 * (hi - lo);
	return sum > 0 ? 100 * (hi - lo) / (sum / (double)n) : 0;
}

static void judge(struct vmetric *v, int ratio)
{
	v->judged = v->has_pred && v->has_meas;
	if (!v->judged)
		return;
	if (ratio)
		v->err = 100 * (v->pred - v->meas);
	else if (v->meas > 0)
		v->err = 100 * (v->pred - v->meas) / v->meas;
	else
		v->inf = v->pred != 0;
}

static void make_line(const struct ctx *x, size_t k, struct vline *l)
{
	uint64_t meas[DS_NCOUNTERS] = { 0 };
	double pred[DS_NCOUNTERS] = { 0 }, prefs, mrefs;
	unsigned nulls = 0;
	size_t i;
	int c, m;

	memset(l, 0, sizeof(*l));
	l->workload = x->k[k].workload;
	l->window = x->k[k].window;
	l->range = x->k[k].range;
	for (i = 0; i < x->nvc; i++) {
		const struct vcell *v = &x->vc[i];

		if (v->line != k || !v->nint)
			continue;	/* no interval of the cell: nothing to compare */
		l->repeats++;
		nulls |= v->null_mask;
		for (c = 0; c < DS_NCOUNTERS; c++) {
			meas[c] += v->meas[c];
			pred[c] += v->pred[c];
		}
	}
	if (!l->repeats)
		return;
	/* Counts rounded as daxsim prints scaled counts. */
	l->m[VM_NEW_MAPPINGS].pred = (double)llround(pred[DS_NEW_MAPPINGS]);
	l->m[VM_NEW_MAPPINGS].meas = (double)meas[DS_NEW_MAPPINGS];
	l->m[VM_NEW_MAPPINGS].has_meas = !(nulls & BIT(DS_NEW_MAPPINGS));
	l->m[VM_RECLAIMS].pred = (double)llround(pred[DS_RECLAIM_INLINE] + pred[DS_RECLAIM_BACKGROUND]);
	l->m[VM_RECLAIMS].meas = (double)(meas[DS_RECLAIM_INLINE] + meas[DS_RECLAIM_BACKGROUND]);
	l->m[VM_RECLAIMS].has_meas = !(nulls & (BIT(DS_RECLAIM_INLINE) | BIT(DS_RECLAIM_BACKGROUND)));
	l->m[VM_NEW_MAPPINGS].has_pred = l->m[VM_RECLAIMS].has_pred = 1;
	prefs = pred[DS_HITS] + pred[DS_NEW_MAPPINGS] + pred[DS_UPGRADES];
	mrefs = (double)(meas[DS_HITS] + meas[DS_NEW_MAPPINGS] + meas[DS_UPGRADES]);
	l->m[VM_HIT_RATIO].has_pred = prefs > 0;
	l->m[VM_HIT_RATIO].pred = prefs > 0 ? pred[DS_HITS] / prefs : 0;
	l->m[VM_HIT_RATIO].has_meas = mrefs > 0 &&
		!(nulls & (BIT(DS_HITS) | BIT(DS_NEW_MAPPINGS) | BIT(DS_UPGRADES)));
	l->m[VM_HIT_RATIO].meas = mrefs > 0 ? (double)meas[DS_HITS] / mrefs : 0;

	l->tolerance = TOL_FLOOR;
	for (m = 0; m < VM_N; m++) {
		struct vmetric *v = &l->m[m];

		judge(v, m == VM_HIT_RATIO);
		if (v->has_meas && (v->spread = spread(x, k, m)) > l->tolerance)
			l->tolerance = v->spread;
	}
	for (m = 0; m < VM_N; m++) {
		struct vmetric *v = &l->m[m];

		/* A hair of slack: an error printed as the tolerance is within. */
		v->over = v->judged && (v->inf || fabs(v->err) > l->tolerance + 1e-9);
		l->over |= v->over;
	}
}

static void emit_line(struct ctx *x, size_t k)
{
	struct vline l;
	int m;

	make_line(x, k, &l);
	x->out->line(&l);
	x->sum.lines++;
	if (!l.repeats) {
		x->sum.no_data++;
		return;
	}
	x->sum.over += l.over;
	for (m = 0; m < VM_N; m++) {
		const struct vmetric *v = &l.m[m];

		if (!v->judged)
			continue;
		x->sum.max_inf |= v->inf;
		if (!v->inf && (!x->sum.has_max || fabs(v->err) > x->sum.max_err))
			x->sum.max_err = fabs(v->err);
		x->sum.has_max = 1;
	}
}

int validate_run(const char *dir, int json, int curve, int64_t reclaim_ns, int only_remove)
{
	struct ctx x = { .dir = dir, .out = json ? &vout_json : &vout_table, .curve = curve,
			 .reclaim_ns = reclaim_ns, .only_remove = only_remove };
	char err[1024];
	size_t gi, next = 0;

	if (results_read(dir, &x.r, err, sizeof(err)))
		vfail("%s", err);
	find_guests(&x);
	pick_cells(&x);
	guest_workers(&x);
	/* The curve reaches 4x the largest window measured: past the cliff of
	 * a working set twice that window. */
	for (gi = 0; gi < x.ng; gi++)
		if (x.g[gi].window > x.max_window / 4)
			x.max_window = x.g[gi].window * 4;
	x.info.dir = dir;
	x.sum.in = &x.info;
	x.out->header(&x.info);
	/* Guest by guest, printing each line once all its cells are in. */
	for (gi = 0; gi < x.ng; gi++) {
		size_t i;

		for (i = 0; i < x.nvc && x.vc[i].guest != gi; i++)
			;
		if (i < x.nvc) {
			x.out->guest(&x.g[gi].w);
			do_guest(&x, gi);
		}
		while (next < x.nk && x.k[next].last_guest <= gi)
			emit_line(&x, next++);
		fflush(stdout);
	}
	if (x.sum.no_data == x.sum.lines)
		vfail("%s: no daxstat interval falls within a compared cell (do daxstat.jsonl, "
		      "dax.rec's realtime_offset_ns and cell_begin/cell_end agree?)", dir);
	x.out->summary(&x.sum);
	free(x.g);
	free(x.vc);
	free(x.k);
	results_free(&x.r);
	if (fflush(stdout))
		vfail("standard output: %s", strerror(errno));
	return x.sum.over ? 1 : 0;
}
