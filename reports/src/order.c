/* When the boots of two configs of one run started: interleaved A, B, A,
 * B (the same drift over the run falls on both) or one after the other. A
 * boot starts at the earliest started= of its cells of that config. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

struct bstart {
	int boot;
	char side;
	double t;
};

static int by_time(const void *x, const void *y)
{
	const struct bstart *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

char *boot_order(const struct run *run, const char *a, const char *b)
{
	struct bstart *bs = xcalloc(run->ncells + 1, sizeof(*bs));
	char *order;
	int i, j, n = 0;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];
		char side = !strcmp(c->config, a) ? 'A' : !strcmp(c->config, b) ? 'B' : 0;

		if (!side || c->status != CELL_OK)
			continue;
		if (isnan(c->started)) {
			free(bs);
			return NULL;
		}
		for (j = 0; j < n && bs[j].boot != c->boot; j++)
			;
		if (j == n)
			bs[n++] = (struct bstart){ c->boot, side, c->started };
		if (bs[j].side != side)
			bs[j].side = '=';
		if (c->started < bs[j].t)
			bs[j].t = c->started;
	}
	qsort(bs, n, sizeof(*bs), by_time);
	order = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		order[i] = bs[i].side;
	free(bs);
	return order;
}

void boot_order_words(const char *order, char *dst, size_t len)
{
	int na = 0, nb = 0, both = 0, switches = 0, most;
	char last = 0;
	const char *s;

	if (!order) {
		snprintf(dst, len, "not known (cells without start times: a run from before they "
			 "were recorded)");
		return;
	}
	for (s = order; *s; s++) {
		na += *s == 'A';
		nb += *s == 'B';
		both += *s == '=';
		if (*s != '=') {
			switches += last && *s != last;
			last = *s;
		}
	}
	if (both) {
		snprintf(dst, len, "%d of the boots ran both configs (%s)", both, order);
		return;
	}
	if (na < 2 || nb < 2) {
		snprintf(dst, len, "%d and %d boots, too few to interleave (%s)", na, nb, order);
		return;
	}
	/* The most switches A <-> B that na and nb boots allow. */
	most = abs(na - nb) <= 1 ? na + nb - 1 : 2 * (na < nb ? na : nb);
	if (switches == most)
		snprintf(dst, len, "interleaved boot by boot (%s)", order);
	else if (switches == 1)
		snprintf(dst, len, "not interleaved: one config's boots all ran before the other's (%s)",
			 order);
	else
		snprintf(dst, len, "partly interleaved (%s)", order);
}
