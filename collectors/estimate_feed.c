// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat --estimate: estimate_feed.h says what. A mapped extent is one
 * reference per range it covers (an extent lies in one range, so one), not
 * one per granule as the recording has: the model then counts what daxstat
 * counts (one fuse_iomap_begin, one reference), and its hit ratio at the
 * configured window can be held against the measured one.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "../bpf/daxstat.h"
#include "../sim/estimate.h"
#include "estimate_feed.h"
#include "record.h"
#include "tool.h"

const double estf_targets[ESTF_NTARGETS] = { 0.9, 0.95, 0.99 };
const char *const estf_target_names[ESTF_NTARGETS] = { "0.9", "0.95", "0.99" };

struct feed {
	__u32 dev;
	__u64 window;			/* the configured window; 0: unknown */
	unsigned int range_shift;	/* log2(range / granule) */
	struct estimator *e;		/* its only device is 0 */
};

static struct feed feeds[DS_MAX_DEVS];
static int nfeeds;
static __u64 unattributed;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned int log2u64(__u64 v)
{
	unsigned int n = 0;

	while (v >>= 1)
		n++;
	return n;
}

static struct feed *find(__u32 dev)
{
	int i;

	for (i = 0; i < nfeeds; i++)
		if (feeds[i].dev == dev)
			return &feeds[i];
	return NULL;
}

/* Called by the ring's drain (main thread), time already clamped. */
static void feed_entry(const struct ds_rec *r, __u64 t)
{
	unsigned int us = rec_unit_shift();
	struct feed *f;
	__u64 g;

	pthread_mutex_lock(&lock);
	f = find(r->dev);
	if (!f) {
		unattributed += r->op != DS_REC_EVICT;
	} else if (r->op == DS_REC_EVICT) {
		est_evict(f->e, 0, t, r->ino);
	} else {
		/* The first granule of each range in the extent whose unit is
		 * in the sample (a unit holds whole ranges when R < 1). */
		for (g = r->first; g >= r->first && g <= r->last;
		     g = ((g >> f->range_shift) + 1) << f->range_shift) {
			__u64 i = (g >> us) - (r->first >> us);

			if (r->keep != ~0ULL && (i >= DS_REC_MAX_UNITS || !(r->keep >> i & 1)))
				continue;
			est_ref(f->e, 0, t, r->ino, g, r->op == DS_REC_WRITE, r->fault);
		}
	}
	pthread_mutex_unlock(&lock);
}

void estf_start(const struct dev_info *devs, int n)
{
	char err[200];
	int i;

	for (i = 0; i < n && nfeeds < DS_MAX_DEVS; i++) {
		const struct dev_info *d = &devs[i];
		struct est_config c = {
			.granule = rec_opts.granule, .range = d->range,
			.sample_rate = rec_opts.rate, .sample_unit = rec_opts.unit,
			.configured_window = d->window_known ? d->window : 0,
			.max_devices = 1,
		};
		struct feed *f = &feeds[nfeeds];

		/* No window: nothing is ever mapped there. */
		if (d->window_known && !d->window)
			continue;
		f->e = est_new(&c, err, sizeof(err));
		if (!f->e)
			fatal("--estimate cannot model %s: %s (--granule and --sample-unit set the "
			      "stream's)", d->dir, err);
		f->dev = d->dev;
		f->window = c.configured_window;
		f->range_shift = log2u64(d->range / rec_opts.granule);
		nfeeds++;
	}
	rec_set_sink(feed_entry);
}

static __u64 boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

bool estf_view(__u32 dev, struct estf_view *v)
{
	struct est_stats s;
	struct feed *f;
	int k;

	memset(v, 0, sizeof(*v));
	v->min_refs = EST_DEFAULT_MIN_REFS;
	pthread_mutex_lock(&lock);
	f = find(dev);
	if (f) {
		/* The references' clock: a mount gone quiet ages out of the span. */
		est_tick(f->e, boot_ns());
		for (k = 0; k < ESTF_NTARGETS; k++) {
			uint64_t b = 0;

			v->needed_rc[k] = est_needed(f->e, 0, estf_targets[k], &b);
			v->needed[k] = b;
		}
		v->hit_ratio_rc = f->window ? est_hit_ratio(f->e, 0, f->window, &v->hit_ratio) : -2;
		if (!est_stats(f->e, 0, &s)) {
			v->references = s.references;
			v->span_references = s.span_references;
			v->dropped = s.dropped;
		}
	}
	pthread_mutex_unlock(&lock);
	return f != NULL;
}

__u64 estf_unattributed(void)
{
	__u64 n;

	pthread_mutex_lock(&lock);
	n = unattributed;
	pthread_mutex_unlock(&lock);
	return n;
}

void estf_stop(void)
{
	pthread_mutex_lock(&lock);
	while (nfeeds > 0)
		est_destroy(feeds[--nfeeds].e);
	pthread_mutex_unlock(&lock);
}
