// SPDX-License-Identifier: GPL-2.0
/*
 * daxsim: what the Linux 6.1 FUSE DAX window (fs/fuse/dax.c) would do with a
 * recording of references, for many window and range sizes in one call.
 *
 *   daxsim [-j] [--windows LIST] [--ranges LIST] [--target F] [--dev DEV]
 *          [--reclaim-ns NS] FILE
 *   daxsim --validate RESULTS_DIR [-j [--curve]] [--reclaim-ns NS | --reclaim-from W]
 *                                                             (validate.c)
 *
 * Exit 0, 2 for bad arguments or a bad recording, 1 for I/O or memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curve.h"
#include "model.h"
#include "output.h"
#include "record.h"
#include "replay.h"
#include "size.h"
#include "validate.h"

static const char usage[] =
	"usage: daxsim [-j] [--windows LIST] [--ranges LIST] [--target F] [--dev DEV]\n"
	"              [--reclaim-ns NS] FILE\n"
	"       daxsim --validate RESULTS_DIR [-j [--curve]] [--reclaim-ns NS | --reclaim-from W]\n"
	"\n"
	"Replays a daxrec1 recording (FILE, or - for standard input) through a model of\n"
	"the Linux 6.1 FUSE DAX window (fs/fuse/dax.c) for each window and range size,\n"
	"and prints per (window, range): references, hits, new mappings, upgrades,\n"
	"ranges reclaimed by the worker and inline, ranges freed by evictions, waits for\n"
	"a free range and the hit ratio; then per range size the knee of the hit-ratio\n"
	"curve and the smallest window reaching a share of the achievable hit ratio,\n"
	"with its guest memory cost (64 bytes of struct page per 4 KiB of window).\n"
	"\n"
	"  -j, --json        JSON lines: one object per row, then one summary object\n"
	"  --windows LIST    window sizes, e.g. 16M,32M,1G (K/M/G are powers of 1024);\n"
	"                    default: one range, doubling up to 4x the footprint or the\n"
	"                    recorded window, plus the recorded window\n"
	"  --ranges LIST     range sizes: the granule times powers of two; default: the\n"
	"                    recorded range, else 2M\n"
	"  --target F        share of the achievable hit ratio to reach (default 0.95)\n"
	"  --dev DEV         the device to simulate when the recording holds several\n"
	"  --reclaim-ns NS   the reclaim worker takes NS ns per range it frees, while\n"
	"                    tasks go on (0: it frees its chunk at once, the default);\n"
	"                    --validate's default: each guest's own, from its daxstat\n"
	"                    summary (below), else 0\n"
	"  --reclaim-from W  with --validate: worker (the default) times each guest's\n"
	"                    worker by its mean time per reclaimed range, else by its\n"
	"                    mean FUSE_REMOVEMAPPING time; removemapping: by the latter\n"
	"  --validate DIR    compare the model with what a make tune/bench results\n"
	"                    directory measured (its guests' dax.rec and daxstat.jsonl);\n"
	"                    exit 1 when a (workload, window, range) is over tolerance\n"
	"  --curve           with --validate -j: also each guest's predicted hit-ratio\n"
	"                    curve per workload, one range doubling to 4x its window\n"
	"  -h, --help        this text\n"
	"\n"
	"Sampled recordings (sample_rate R < 1) are simulated SHARDS-style: a window of\n"
	"round(ranges x R) ranges (at least 1), counts multiplied by 1/R. The recording\n"
	"format and the model's rules are in sim/README.md.\n";

struct opts {
	bool json, target_given, curve;
	const char *windows, *ranges, *dev, *file, *validate;
	double target;
	int64_t reclaim_ns;	/* < 0: not given */
	const char *reclaim_from;
};

/* Up to 1000 s per range: beyond any recording, and no overflow in time. */
#define RECLAIM_NS_MAX 1000000000000LL

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("daxsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* "--name VALUE" or "--name=VALUE": the value, or NULL if argv[*i] is not it. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc)
		die(2, "%s needs a value (see --help)", name);
	return argv[++*i];
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	bool only_files = false;
	const char *v;
	int i;

	o->target = 0.95;
	o->reclaim_ns = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_files || a[0] != '-' || !strcmp(a, "-")) {
			if (o->file)
				die(2, "one FILE only, not '%s' and '%s'", o->file, a);
			o->file = a;
		} else if (!strcmp(a, "--")) {
			only_files = true;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "--curve")) {
			o->curve = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			exit(0);
		} else if ((v = opt_value(argc, argv, &i, "--windows"))) {
			o->windows = v;
		} else if ((v = opt_value(argc, argv, &i, "--ranges"))) {
			o->ranges = v;
		} else if ((v = opt_value(argc, argv, &i, "--dev"))) {
			o->dev = v;
		} else if ((v = opt_value(argc, argv, &i, "--validate"))) {
			o->validate = v;
		} else if ((v = opt_value(argc, argv, &i, "--reclaim-ns"))) {
			char *end;
			long long n;

			errno = 0;
			n = strtoll(v, &end, 10);
			if (errno || end == v || *end || v[0] < '0' || v[0] > '9' || n > RECLAIM_NS_MAX)
				die(2, "--reclaim-ns must be whole ns from 0 to %lld, not '%s'",
				    RECLAIM_NS_MAX, v);
			o->reclaim_ns = n;
		} else if ((v = opt_value(argc, argv, &i, "--reclaim-from"))) {
			if (strcmp(v, "worker") && strcmp(v, "removemapping"))
				die(2, "--reclaim-from must be worker or removemapping, not '%s'", v);
			o->reclaim_from = v;
		} else if ((v = opt_value(argc, argv, &i, "--target"))) {
			char *end;

			errno = 0;
			o->target = strtod(v, &end);
			if (errno || end == v || *end || !(o->target > 0 && o->target <= 1))
				die(2, "--target must be a number in (0, 1], not '%s'", v);
			o->target_given = true;
		} else {
			die(2, "unknown option '%s' (see --help)", a);
		}
	}
	if (o->validate && (o->file || o->windows || o->ranges || o->dev || o->target_given))
		die(2, "--validate takes -j, --curve, --reclaim-ns and --reclaim-from only: the "
		    "results give the windows and ranges");
	if (o->curve && !(o->validate && o->json))
		die(2, "--curve goes with --validate DIR -j");
	if (o->reclaim_from && !o->validate)
		die(2, "--reclaim-from goes with --validate (a recording alone has no measured times)");
	if (o->reclaim_from && o->reclaim_ns >= 0)
		die(2, "--reclaim-from or --reclaim-ns, not both");
	if (!o->file && !o->validate)
		die(2, "no FILE given (- reads standard input; see --help)");
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, without duplicates; returns the new length. */
static size_t sort_unique(uint64_t *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), u64_cmp);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

static size_t parse_list(const char *opt, const char *s, uint64_t **out)
{
	char *copy = strdup(s), *tok, *p;
	size_t n = 1, k = 0;

	if (!copy)
		die(1, "out of memory");
	for (p = copy; *p; p++)
		n += *p == ',';
	if (!(*out = malloc(n * sizeof(**out))))
		die(1, "out of memory");
	/* strtok_r would skip empty elements; name them as errors instead. */
	for (tok = copy; tok; tok = p) {
		p = strchr(tok, ',');
		if (p)
			*p++ = '\0';
		if (size_parse(tok, &(*out)[k]))
			die(2, "%s: '%s' is not a size (bytes, or with K/M/G: 64M)", opt, tok);
		k++;
	}
	free(copy);
	return sort_unique(*out, k);
}

static uint64_t scale(uint64_t v, double rate)
{
	return (uint64_t)llround((double)v / rate);
}

static void scale_counts(struct model_counts *c, double rate)
{
	c->references = scale(c->references, rate);
	c->hits = scale(c->hits, rate);
	c->new_mappings = scale(c->new_mappings, rate);
	c->upgrades = scale(c->upgrades, rate);
	c->reclaim_background = scale(c->reclaim_background, rate);
	c->reclaim_inline = scale(c->reclaim_inline, rate);
	c->evicted_ranges = scale(c->evicted_ranges, rate);
	c->no_free_range = scale(c->no_free_range, rate);
	c->free_range_waits = scale(c->free_range_waits, rate);
	c->reclaim_worker_runs = scale(c->reclaim_worker_runs, rate);
}

static void simulate(const struct trace *t, uint64_t window, uint64_t range,
		     uint64_t reclaim_ns, struct out_row *row)
{
	unsigned shift = log2u(range / t->granule);
	uint64_t nominal = window / range;
	double sim = round((double)nominal * t->sample_rate);
	struct model *m;
	size_t i;
	char a[32], b[32];

	if (sim < 1)
		sim = 1;
	if (sim >= (double)(1U << 30))
		die(2, "a window of %s in %s ranges is too many ranges to simulate",
		    size_fmt(window, a, sizeof(a)), size_fmt(range, b, sizeof(b)));
	if (!(m = model_new((uint32_t)sim, t->ninodes)))
		die(1, "out of memory for a window of %.0f ranges", sim);
	model_set_worker_timing(m, 0, replay_reclaim_ns(reclaim_ns, t->sample_rate));
	for (i = 0; i < t->nrecs; i++) {
		const struct rec *r = &t->recs[i];

		if (r->op == REC_EVICT)
			model_evict(m, r->time_ns, r->inode);
		else if (!rec_same_extent(i ? r - 1 : NULL, r, shift))
			model_ref(m, r->time_ns, r->inode, r->granule >> shift,
				  r->op == REC_WRITE, r->path == REC_FAULT);
	}
	memset(row, 0, sizeof(*row));
	row->window = window;
	row->range = range;
	row->ranges = nominal;
	row->sim_ranges = (uint32_t)sim;
	row->c = *model_counts(m);
	row->hit_ratio = row->c.references ?
		(double)row->c.hits / (double)row->c.references : -1;
	scale_counts(&row->c, t->sample_rate);
	model_destroy(m);
}

/* The windows for one range size: given, or powers of two from one range. */
static size_t windows_for(const struct trace *t, uint64_t range, uint64_t footprint,
			  const uint64_t *given, size_t ngiven, uint64_t **out)
{
	uint64_t upper, w;
	size_t n = 0, i;

	if (!(*out = malloc((ngiven + 66) * sizeof(**out))))
		die(1, "out of memory");
	if (ngiven) {
		for (i = 0; i < ngiven; i++)
			if (given[i] >= range)
				(*out)[n++] = given[i];
		return n;
	}
	upper = footprint > UINT64_MAX / 4 / range ? UINT64_MAX / 2 : 4 * footprint * range;
	if (t->window > upper)
		upper = t->window;
	for (w = range; ; w *= 2) {
		(*out)[n++] = w;
		if (w >= upper || w > UINT64_MAX / 2)
			break;
	}
	if (t->window >= range)
		(*out)[n++] = t->window;
	return sort_unique(*out, n);
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct trace t;
	struct out_info info = { 0 };
	struct out_summary *sums;
	const struct out_ops *out;
	uint64_t *ranges = NULL, *given = NULL;
	size_t nranges = 0, ngiven = 0, ri, i;
	char err[512], a[32], b[32];
	const char *name;
	FILE *f;
	int ret;

	parse_args(argc, argv, &o);
	if (o.validate)
		return validate_run(o.validate, o.json, o.curve, o.reclaim_ns,
				    o.reclaim_from && !strcmp(o.reclaim_from, "removemapping"));
	out = o.json ? &out_json : &out_table;
	if (o.windows)
		ngiven = parse_list("--windows", o.windows, &given);
	if (o.ranges)
		nranges = parse_list("--ranges", o.ranges, &ranges);

	f = strcmp(o.file, "-") ? fopen(o.file, "r") : stdin;
	if (!f)
		die(2, "%s: %s", o.file, strerror(errno));
	name = strcmp(o.file, "-") ? o.file : "<stdin>";
	ret = trace_read(&t, f, name, o.dev, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (ret)
		die(ret == -2 ? 1 : 2, "%s", err);

	if (!o.ranges) {
		if (!(ranges = malloc(sizeof(*ranges))))
			die(1, "out of memory");
		ranges[0] = t.range ? t.range : 2ULL << 20;
		nranges = 1;
	}
	for (ri = 0; ri < nranges; ri++) {
		uint64_t r = ranges[ri];

		if (r < t.granule || r % t.granule || !is_pow2(r / t.granule))
			die(2, "%s%s is not the recording's granule (%s) times a power of two%s",
			    o.ranges ? "--ranges: " : "the default range ", size_fmt(r, a, sizeof(a)),
			    size_fmt(t.granule, b, sizeof(b)), o.ranges ? "" : "; give --ranges");
		if (t.sample_rate < 1 && r > t.sample_unit)
			die(2, "range %s is larger than the recording's sample_unit %s: its "
			    "sample of ranges would be biased", size_fmt(r, a, sizeof(a)),
			    size_fmt(t.sample_unit, b, sizeof(b)));
	}

	info.file = name;
	info.dev = t.dev;
	info.records = t.nrecs;
	for (i = 0; i < t.nrecs; i++)
		if (t.recs[i].op == REC_EVICT)
			info.evictions++;
	info.references = t.nrecs - info.evictions;
	info.inodes = t.ninodes;
	info.granule = t.granule;
	info.sample_rate = t.sample_rate;
	info.target = o.target;
	info.reclaim_ns = o.reclaim_ns > 0 ? (uint64_t)o.reclaim_ns : 0;
	if (!(sums = calloc(nranges, sizeof(*sums))))
		die(1, "out of memory");

	out->header(&info);
	for (ri = 0; ri < nranges; ri++) {
		uint64_t range = ranges[ri], fp, *wins;
		unsigned shift = log2u(range / t.granule);
		struct out_summary *s = &sums[ri];
		struct curve_pt *pts;
		size_t nw;
		int k;

		fp = trace_footprint(&t, shift);
		if (fp == UINT64_MAX)
			die(1, "out of memory");
		fp = (uint64_t)ceil((double)fp / t.sample_rate);
		nw = windows_for(&t, range, fp, given, ngiven, &wins);
		if (!nw)
			die(2, "no window in --windows holds one %s range", size_fmt(range, a, sizeof(a)));
		if (!(pts = malloc(nw * sizeof(*pts))))
			die(1, "out of memory");
		for (i = 0; i < nw; i++) {
			struct out_row row;

			simulate(&t, wins[i], range, info.reclaim_ns, &row);
			out->row(&row);
			pts[i].window = wins[i];
			pts[i].hit_ratio = row.hit_ratio;
		}
		s->range = range;
		s->footprint = fp;
		if (info.references) {
			s->has_target = 1;
			if ((k = curve_knee(pts, nw)) >= 0) {
				s->has_knee = 1;
				s->knee_window = pts[k].window;
				s->knee_hit_ratio = pts[k].hit_ratio;
			}
			k = curve_target(pts, nw, o.target);
			s->achievable = pts[nw - 1].hit_ratio;
			s->achievable_window = pts[nw - 1].window;
			s->target_window = pts[k].window;
			s->target_hit_ratio = pts[k].hit_ratio;
			s->target_mib = window_memmap_mib(pts[k].window);
		}
		free(pts);
		free(wins);
	}
	out->summary(&info, sums, nranges);
	free(sums);
	free(ranges);
	free(given);
	trace_free(&t);
	return fflush(stdout) ? 1 : 0;
}
