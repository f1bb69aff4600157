/* The noise section: the variance components and the advice that
 * analyse_noise() found, as a table and its sentences. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))

static const char *per_boot(char *dst, size_t len, const struct varcomp *vc)
{
	if (vc->n % vc->boots)
		snprintf(dst, len, "%.1f", (double)vc->n / vc->boots);
	else
		snprintf(dst, len, "%d", vc->n / vc->boots);
	return dst;
}

static void advice_words(const struct noise_row *r, char *dst, size_t len)
{
	long best = r->repeats;

	switch (r->advice) {
	case ADV_NEED_BOOTS:
		snprintf(dst, len, "between-boot variance cannot be estimated: run more boots");
		break;
	case ADV_NEED_REPEATS:
		snprintf(dst, len, "within-boot variance cannot be estimated: run 2 or more repeats "
			 "per boot");
		break;
	case ADV_NO_SPREAD:
		snprintf(dst, len, "no spread: as run");
		break;
	case ADV_COST_UNKNOWN:
		snprintf(dst, len, "more %s (the time of a boot is not known)",
			 r->vc->dominant == VC_BETWEEN ? "boots" : "repeats per boot");
		break;
	case ADV_REPEATS_ONLY:
		snprintf(dst, len, "more repeats per boot: the boots differ no more than their repeats");
		break;
	case ADV_MORE_REPEATS:
		snprintf(dst, len, "more repeats: about %ld per boot", best);
		break;
	case ADV_MORE_BOOTS:
		snprintf(dst, len, "more boots, about %ld repeat%s each", best, best == 1 ? "" : "s");
		break;
	case ADV_AS_RUN:
		snprintf(dst, len, "as run (%ld repeat%s per boot): add boots", best, best == 1 ? "" : "s");
		break;
	}
}

static void costs_para(const struct run_costs *c, struct doc *d)
{
	if (isnan(c->repeat_s) || isnan(c->boot_s))
		doc_para(d, "The run does not record what a %s costs: the advice follows the level "
			    "that dominates.", isnan(c->repeat_s) ? "repeat" : "boot");
	else
		doc_para(d, "Here a repeat costs %s s (cell time per cell) and a boot %s s (wall time "
			    "less the cells and the waits for the host lock, per guest), from %s.",
			 N(c->repeat_s, 1), N(c->boot_s, 1), c->from);
}

void render_noise(const struct model *m, struct doc *d)
{
	const struct noise *n = &m->noise;
	struct table *t = table_new(9, "workload", "config", "boots", "repeats per boot",
				    "sd within boots", "sd between boots", "within / between",
				    "dominant", "advice");
	int i, c;

	for (c = 2; c < 7; c++)
		table_right(t, c);
	doc_heading(d, "Where the noise is");
	doc_para(d, "Bandwidth's variance in two parts (one-way random-effects ANOVA over boots): "
		    "sd within boots is the spread of the repeats of one guest boot, sd between "
		    "boots how much the boots' own means differ beyond that, both in MiB/s, with "
		    "their shares of the variance. The intervals and tests of this report are over "
		    "boot means, so only more boots can show and average out the between-boot part; "
		    "more repeats average out the within-boot part. The advice is the number of "
		    "repeats per boot that makes the mean of boot means most precise for the time "
		    "spent, sqrt(boot cost x within variance / (repeat cost x between variance)) "
		    "(Kalibera & Jones, 2013), against the repeats per boot run.");
	costs_para(&n->costs, d);
	for (i = 0; i < n->n; i++) {
		const struct noise_row *r = &n->rows[i];
		const struct varcomp *vc = r->vc;
		char rep[32], share[48], adv[160];

		snprintf(share, sizeof(share), "n/a");
		if (vc->separated && vc->dominant != VC_NEITHER)
			snprintf(share, sizeof(share), "%.0f %% / %.0f %%", 100 * vc->share_w,
				 100 * vc->share_b);
		advice_words(r, adv, sizeof(adv));
		table_row(t, r->g->workload, r->g->config, N(vc->boots, 0), per_boot(rep, sizeof(rep), vc),
			  N(sqrt(vc->s2w), 1), N(sqrt(vc->s2b), 1), share, vc_level_name(vc->dominant), adv);
	}
	if (!n->n) {
		doc_para(d, "No bandwidth was measured.");
		return;
	}
	doc_table(d, t);
	if (n->one_boot == n->n) {
		doc_para(d, "Every config ran in one boot: the between-boot variance, which decides "
			    "the intervals and tests, cannot be estimated, and none is made. Run each "
			    "config in two or more boots.");
		return;
	}
	if (n->one_boot)
		doc_para(d, "Between boots dominates in %d and within boots in %d of the %d rows; %d "
			    "ran in one boot, where the between-boot variance cannot be estimated and "
			    "no interval or test is made.", n->between, n->within, n->n, n->one_boot);
	else
		doc_para(d, "Between boots dominates in %d and within boots in %d of the %d rows.",
			 n->between, n->within, n->n);
}
