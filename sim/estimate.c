// SPDX-License-Identifier: GPL-2.0
/* The online window estimate: estimate.h says what and why. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curve.h"
#include "estimate.h"
#include "model.h"
#include "record.h"
#include "size.h"

/*
 * min_refs: a hit ratio measured on n references has a standard error of at
 * most 0.5 / sqrt(n) (binomial), about 1.1 points at 2000, and less near the
 * hit ratios that matter (0.9: 0.7 points). The 90/95/99 % targets are 4 to 5
 * points apart, so 2000 sampled references keep one target's answer from
 * being another's. The count is of sampled references because that is what
 * the precision depends on: 2000 at R = 1 is 2000/R real ones at rate R.
 */

/* The first ids allocated in the models; then doubling up to max_inodes. */
#define EST_FIRST_IDS 64

struct est_dev {
	uint32_t dev;
	struct model **m;		/* e->nmodels */
	struct model_counts *cur0;	/* counts at the current period's start */
	struct model_counts *prev0;	/* ... and at the previous one's */
	uint64_t period;		/* index of the current period */
	uint64_t first_ns;		/* its first reference */
	/* INO -> id, open addressing; val is id + 1, 0 empty. */
	uint64_t *key;
	uint32_t *val;
	uint32_t map_cap, map_n;
	uint32_t *free_ids, nfree_ids;	/* evicted inodes' ids, reused first */
	uint32_t next_id, id_cap;	/* ids never used start at next_id */
	uint64_t refs, dropped, evictions;
};

struct estimator {
	struct est_config c;		/* with the defaults filled in */
	unsigned shift, unit_shift;	/* log2(range / granule), log2(unit / granule) */
	uint64_t win[EST_MAX_WINDOWS];	/* candidates, increasing */
	uint32_t sim[EST_MAX_WINDOWS];	/* simulated ranges of each */
	uint32_t wmodel[EST_MAX_WINDOWS];	/* the model of each */
	size_t nwin;
	uint32_t msim[EST_MAX_WINDOWS];	/* simulated ranges of each model */
	size_t nmodels;
	uint64_t sim_total;
	struct est_dev *devs;
	size_t ndevs;
	size_t last;			/* the device of the last call */
	uint64_t dropped_devices;
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void say(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* granule x 2^k, k >= 0 */
static int pow2_multiple(uint64_t v, uint64_t granule)
{
	return v >= granule && v % granule == 0 && is_pow2(v / granule);
}

static int setup_windows(struct estimator *e, char *err, size_t errlen)
{
	const struct est_config *c = &e->c;
	uint64_t w[EST_MAX_WINDOWS + 1];
	size_t n = 0, i;
	char a[32], b[32];

	if (c->windows) {
		if (c->nwindows > EST_MAX_WINDOWS) {
			say(err, errlen, "%zu candidate windows, at most %d", c->nwindows,
			    EST_MAX_WINDOWS);
			return -1;
		}
		for (i = 0; i < c->nwindows; i++)
			w[n++] = c->windows[i];
	} else {
		for (uint64_t x = c->range; n < EST_MAX_WINDOWS; x *= 2) {
			w[n++] = x;
			if (x >= EST_DEFAULT_TOP)
				break;
		}
	}
	if (c->configured_window) {
		if (n == EST_MAX_WINDOWS) {
			say(err, errlen, "%zu candidate windows and the configured one, at most %d",
			    n, EST_MAX_WINDOWS);
			return -1;
		}
		w[n++] = c->configured_window;
	}
	if (!n) {
		say(err, errlen, "no candidate windows");
		return -1;
	}
	qsort(w, n, sizeof(w[0]), cmp_u64);
	e->nwin = e->nmodels = 0;
	e->sim_total = 0;
	for (i = 0; i < n; i++) {
		uint64_t nominal = w[i] / c->range;	/* fuse_dax_mem_range_init() */
		double s = round((double)nominal * c->sample_rate);

		if (i && w[i] == w[i - 1])
			continue;
		if (!nominal) {
			say(err, errlen, "window %s is smaller than the range %s",
			    size_fmt(w[i], a, sizeof(a)), size_fmt(c->range, b, sizeof(b)));
			return -1;
		}
		if (s < 1)
			s = 1;
		if (s >= (double)(1U << 30)) {
			say(err, errlen, "window %s is too many ranges to simulate",
			    size_fmt(w[i], a, sizeof(a)));
			return -1;
		}
		e->win[e->nwin] = w[i];
		e->sim[e->nwin] = (uint32_t)s;
		/* Sampled small windows round to the same size: one model. */
		if (!e->nmodels || e->msim[e->nmodels - 1] != (uint32_t)s) {
			e->msim[e->nmodels++] = (uint32_t)s;
			e->sim_total += (uint64_t)s;
		}
		e->wmodel[e->nwin++] = (uint32_t)(e->nmodels - 1);
	}
	if (e->sim_total > c->max_sim_ranges) {
		say(err, errlen, "the candidate windows need %llu simulated ranges a device, "
		    "more than max_sim_ranges %llu: lower the sample rate or the largest window",
		    (unsigned long long)e->sim_total, (unsigned long long)c->max_sim_ranges);
		return -1;
	}
	return 0;
}

struct estimator *est_new(const struct est_config *cfg, char *err, size_t errlen)
{
	struct estimator *e;
	struct est_config c = *cfg;
	char a[32], b[32];

	if (!c.granule || !is_pow2(c.granule) || c.granule < 4096) {
		say(err, errlen, "granule must be a power of two of at least 4096");
		return NULL;
	}
	if (!c.range)
		c.range = EST_DEFAULT_RANGE;
	if (!pow2_multiple(c.range, c.granule)) {
		say(err, errlen, "range %s is not the granule %s times a power of two",
		    size_fmt(c.range, a, sizeof(a)), size_fmt(c.granule, b, sizeof(b)));
		return NULL;
	}
	if (c.sample_rate == 0)
		c.sample_rate = 1;
	if (!(c.sample_rate > 0 && c.sample_rate <= 1)) {
		say(err, errlen, "sample rate must be in (0, 1]");
		return NULL;
	}
	if (!c.sample_unit)
		c.sample_unit = c.range;
	if (!pow2_multiple(c.sample_unit, c.granule)) {
		say(err, errlen, "sample unit %s is not the granule %s times a power of two",
		    size_fmt(c.sample_unit, a, sizeof(a)), size_fmt(c.granule, b, sizeof(b)));
		return NULL;
	}
	/* A range spanning several units would be in the sample with a
	 * probability other than R (README.md, Sampling). */
	if (c.sample_rate < 1 && c.range > c.sample_unit) {
		say(err, errlen, "range %s is larger than the sample unit %s",
		    size_fmt(c.range, a, sizeof(a)), size_fmt(c.sample_unit, b, sizeof(b)));
		return NULL;
	}
	if (!c.period_ns)
		c.period_ns = EST_DEFAULT_PERIOD_NS;
	if (!c.min_refs)
		c.min_refs = EST_DEFAULT_MIN_REFS;
	if (!c.max_inodes)
		c.max_inodes = EST_DEFAULT_MAX_INODES;
	if (!c.max_devices)
		c.max_devices = EST_DEFAULT_MAX_DEVICES;
	if (!c.max_sim_ranges)
		c.max_sim_ranges = EST_DEFAULT_MAX_SIM;
	if (c.max_inodes > (1U << 30)) {
		say(err, errlen, "max_inodes is more than 2^30");
		return NULL;
	}
	if (!(e = calloc(1, sizeof(*e))) ||
	    !(e->devs = calloc(c.max_devices, sizeof(*e->devs)))) {
		free(e);
		say(err, errlen, "out of memory");
		return NULL;
	}
	e->c = c;
	e->shift = log2u(c.range / c.granule);
	e->unit_shift = log2u(c.sample_unit / c.granule);
	if (setup_windows(e, err, errlen)) {
		est_destroy(e);
		return NULL;
	}
	e->c.windows = NULL;	/* copied into win[]; the caller's may go */
	return e;
}

static void dev_free(struct est_dev *d, size_t nmodels)
{
	size_t i;

	if (d->m)
		for (i = 0; i < nmodels; i++)
			model_destroy(d->m[i]);
	free(d->m);
	free(d->cur0);
	free(d->prev0);
	free(d->key);
	free(d->val);
	free(d->free_ids);
}

void est_destroy(struct estimator *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->ndevs; i++)
		dev_free(&e->devs[i], e->nmodels);
	free(e->devs);
	free(e);
}

static struct est_dev *dev_find(const struct estimator *e, uint32_t dev)
{
	size_t i;

	if (e->last < e->ndevs && e->devs[e->last].dev == dev)
		return &e->devs[e->last];
	for (i = 0; i < e->ndevs; i++)
		if (e->devs[i].dev == dev) {
			((struct estimator *)e)->last = i;	/* a cache only */
			return &e->devs[i];
		}
	return NULL;
}

/* A device's models start empty with no inode ids; they grow as inodes come. */
static struct est_dev *dev_add(struct estimator *e, uint32_t dev, uint64_t now)
{
	struct est_dev *d;
	size_t i;

	if (e->ndevs == e->c.max_devices)
		return NULL;
	d = &e->devs[e->ndevs];
	memset(d, 0, sizeof(*d));
	d->dev = dev;
	d->m = calloc(e->nmodels, sizeof(*d->m));
	d->cur0 = calloc(e->nmodels, sizeof(*d->cur0));
	d->prev0 = calloc(e->nmodels, sizeof(*d->prev0));
	if (!d->m || !d->cur0 || !d->prev0)
		goto fail;
	for (i = 0; i < e->nmodels; i++)
		if (!(d->m[i] = model_new(e->msim[i], 0)))
			goto fail;
	d->period = now / e->c.period_ns;
	d->first_ns = now;
	e->last = e->ndevs++;
	return d;
fail:
	dev_free(d, e->nmodels);
	memset(d, 0, sizeof(*d));
	return NULL;
}

/* Into period now / period_ns: the old current period becomes the previous
 * one, or, after a gap of two or more, both start now (they were empty). */
static void roll(const struct estimator *e, struct est_dev *d, uint64_t now)
{
	uint64_t p = now / e->c.period_ns;
	size_t i;

	if (p <= d->period)
		return;
	for (i = 0; i < e->nmodels; i++) {
		const struct model_counts *c = model_counts(d->m[i]);

		d->prev0[i] = p == d->period + 1 ? d->cur0[i] : *c;
		d->cur0[i] = *c;
	}
	d->period = p;
}

/* --- INO -> dense id --- */

static uint32_t map_home(const struct est_dev *d, uint64_t ino)
{
	return (uint32_t)mix64(ino) & (d->map_cap - 1);
}

/* The slot holding ino, or the empty slot where it would go. */
static uint32_t map_slot(const struct est_dev *d, uint64_t ino)
{
	uint32_t i = map_home(d, ino);

	while (d->val[i] && d->key[i] != ino)
		i = (i + 1) & (d->map_cap - 1);
	return i;
}

static int map_grow(struct est_dev *d)
{
	uint32_t ncap = d->map_cap ? d->map_cap * 2 : 2 * EST_FIRST_IDS, i;
	uint64_t *key = calloc(ncap, sizeof(*key)), *okey = d->key;
	uint32_t *val = calloc(ncap, sizeof(*val)), *oval = d->val, ocap = d->map_cap;

	if (!key || !val) {
		free(key);
		free(val);
		return -1;
	}
	d->key = key;
	d->val = val;
	d->map_cap = ncap;
	for (i = 0; i < ocap; i++)
		if (oval[i]) {
			uint32_t j = map_slot(d, okey[i]);

			key[j] = okey[i];
			val[j] = oval[i];
		}
	free(okey);
	free(oval);
	return 0;
}

/* Backward-shift deletion, as in model.c's table: no tombstones, so a
 * stream of short-lived inodes never fills the table. */
static void map_del(struct est_dev *d, uint32_t i)
{
	uint32_t mask = d->map_cap - 1, j = i, k;

	for (;;) {
		j = (j + 1) & mask;
		if (!d->val[j])
			break;
		k = map_home(d, d->key[j]);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		d->key[i] = d->key[j];
		d->val[i] = d->val[j];
		i = j;
	}
	d->val[i] = 0;
	d->map_n--;
}

/* More ids in every model, up to max_inodes. */
static int ids_grow(const struct estimator *e, struct est_dev *d)
{
	uint32_t n = d->id_cap ? d->id_cap * 2 : EST_FIRST_IDS, *f;
	size_t i;

	if (n > e->c.max_inodes)
		n = e->c.max_inodes;
	if (n <= d->id_cap)
		return -1;
	for (i = 0; i < e->nmodels; i++)
		if (model_grow_inodes(d->m[i], n))
			return -1;	/* the grown ones keep their room */
	if (!(f = realloc(d->free_ids, (size_t)n * sizeof(*f))))
		return -1;
	d->free_ids = f;
	d->id_cap = n;
	return 0;
}

/* The id of ino, a new one if need be; -1 when at the cap or out of memory. */
static int64_t ino_id(const struct estimator *e, struct est_dev *d, uint64_t ino)
{
	uint32_t i, id;

	if (d->map_cap) {
		i = map_slot(d, ino);
		if (d->val[i])
			return d->val[i] - 1;
	}
	if (d->map_n >= e->c.max_inodes)
		return -1;
	/* Load at most 1/2: probes stay short. */
	if (2 * (d->map_n + 1) > d->map_cap && map_grow(d))
		return -1;
	if (d->nfree_ids)
		id = d->free_ids[--d->nfree_ids];
	else if (d->next_id < d->id_cap || !ids_grow(e, d))
		id = d->next_id++;
	else
		return -1;
	i = map_slot(d, ino);
	d->key[i] = ino;
	d->val[i] = id + 1;
	d->map_n++;
	return id;
}

/* --- the stream --- */

int est_ref(struct estimator *e, uint32_t dev, uint64_t time_ns, uint64_t ino,
	    uint64_t granule, bool write, bool fault)
{
	struct est_dev *d = dev_find(e, dev);
	uint64_t range = granule >> e->shift;
	int64_t id;
	size_t i;

	if (!d && !(d = dev_add(e, dev, time_ns))) {
		e->dropped_devices++;
		return -1;
	}
	roll(e, d, time_ns);
	if ((id = ino_id(e, d, ino)) < 0) {
		d->dropped++;
		return -1;
	}
	d->refs++;
	for (i = 0; i < e->nmodels; i++)
		model_ref(d->m[i], time_ns, (uint32_t)id, range, write, fault);
	return 0;
}

void est_evict(struct estimator *e, uint32_t dev, uint64_t time_ns, uint64_t ino)
{
	struct est_dev *d = dev_find(e, dev);
	uint32_t slot, id;
	size_t i;

	if (!d || !d->map_cap)
		return;
	slot = map_slot(d, ino);
	if (!d->val[slot])
		return;		/* never referenced in the sample: no state */
	roll(e, d, time_ns);
	id = d->val[slot] - 1;
	for (i = 0; i < e->nmodels; i++)
		model_evict(d->m[i], time_ns, id);
	map_del(d, slot);
	d->free_ids[d->nfree_ids++] = id;
	d->evictions++;
}

void est_tick(struct estimator *e, uint64_t now_ns)
{
	size_t i;

	for (i = 0; i < e->ndevs; i++)
		roll(e, &e->devs[i], now_ns);
}

/* --- the answers --- */

static uint64_t span_refs(const struct est_dev *d)
{
	/* Every model sees every reference: model 0's count is everyone's. */
	return model_counts(d->m[0])->references - d->prev0[0].references;
}

static double span_ratio(const struct est_dev *d, size_t mi)
{
	const struct model_counts *c = model_counts(d->m[mi]);
	uint64_t refs = c->references - d->prev0[mi].references;

	return refs ? (double)(c->hits - d->prev0[mi].hits) / (double)refs : 0;
}

static const struct est_dev *ready(const struct estimator *e, uint32_t dev)
{
	const struct est_dev *d = dev_find(e, dev);

	return d && span_refs(d) >= e->c.min_refs ? d : NULL;
}

int est_needed(const struct estimator *e, uint32_t dev, double target, uint64_t *bytes)
{
	struct curve_pt pts[EST_MAX_WINDOWS];
	const struct est_dev *d;
	const struct model_counts *top;
	size_t i, last = e->nmodels - 1;
	int k;

	if (!(target > 0 && target <= 1))
		return -2;
	if (!(d = ready(e, dev)))
		return -1;
	for (i = 0; i < e->nwin; i++) {
		pts[i].window = e->win[i];
		pts[i].hit_ratio = span_ratio(d, e->wmodel[i]);
	}
	k = curve_target(pts, e->nwin, target);
	*bytes = e->win[k];
	top = model_counts(d->m[last]);
	return top->reclaim_background + top->reclaim_inline >
		d->prev0[last].reclaim_background + d->prev0[last].reclaim_inline;
}

int est_hit_ratio(const struct estimator *e, uint32_t dev, uint64_t window, double *ratio)
{
	const struct est_dev *d;
	size_t i;

	for (i = 0; i < e->nwin && e->win[i] != window; i++)
		;
	if (i == e->nwin)
		return -2;
	if (!(d = ready(e, dev)))
		return -1;
	*ratio = span_ratio(d, e->wmodel[i]);
	return 0;
}

size_t est_windows(const struct estimator *e, const uint64_t **windows, const uint32_t **sim)
{
	if (windows)
		*windows = e->win;
	if (sim)
		*sim = e->sim;
	return e->nwin;
}

bool est_in_sample(const struct estimator *e, uint64_t ino, uint64_t granule)
{
	return daxrec_keep(daxrec_hash(ino, granule >> e->unit_shift), e->c.sample_rate);
}

int est_stats(const struct estimator *e, uint32_t dev, struct est_stats *s)
{
	const struct est_dev *d = dev_find(e, dev);
	uint64_t start;

	if (!d)
		return -1;
	memset(s, 0, sizeof(*s));
	s->references = d->refs;
	s->dropped = d->dropped;
	s->evictions = d->evictions;
	s->span_references = span_refs(d);
	start = d->period ? (d->period - 1) * e->c.period_ns : 0;
	s->span_start_ns = start > d->first_ns ? start : d->first_ns;
	s->inodes = d->map_n;
	s->inode_ids = d->id_cap;
	s->map_slots = d->map_cap;
	s->models = (uint32_t)e->nmodels;
	s->sim_ranges = e->sim_total;
	return 0;
}

uint64_t est_dropped_devices(const struct estimator *e)
{
	return e->dropped_devices;
}
