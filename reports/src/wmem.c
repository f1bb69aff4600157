/* What a DAX window costs the guest's memory: MemFree at the start of a dax
 * guest (guests/GUEST/guest-info, mem_free_kb) against the first guest
 * without a window that loaded the same modules (same memory and kernel),
 * per window size its first guest, in the order of cells.list (the runner
 * lists the first round's boots first). Runs whose runner worked this out
 * itself have a window-memory file, which is read instead. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

static bool known(const struct run *run, long long window)
{
	int i;

	for (i = 0; i < run->nwmem; i++)
		if (run->wmem_window[i] == window)
			return true;
	return false;
}

static void add(struct run *run, long long window, double kib)
{
	int i = run->nwmem;

	if (known(run, window))
		return; /* the first guest of a window counts */
	run->wmem_window = xrealloc(run->wmem_window, (i + 1) * sizeof(long long));
	run->wmem_kib = xrealloc(run->wmem_kib, (i + 1) * sizeof(double));
	run->wmem_window[i] = window;
	run->wmem_kib[i] = kib;
	run->nwmem++;
}

/* window-memory: "WINDOW_BYTES COST_KIB DAX_GUEST BASE_GUEST" lines. */
static void load_file(struct run *run, const char *p, FILE *f)
{
	char line[512];

	while (fgets(line, sizeof(line), f)) {
		long long w;
		double kib;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%lld %lf", &w, &kib) != 2)
			problem(p, "corrupt line: %s", line);
		else
			add(run, w, kib);
	}
}

/* A guest's MemFree at its start in KiB; -1 when it did not say. */
static long long guest_free_kib(const struct run *run, const char *guest)
{
	char *p = xasprintf("%s/guests/%s/guest-info", run->dir, guest);
	struct kv kv;
	long long kib = -1;

	if (!kv_load(p, &kv)) {
		kib = kv_ll(&kv, "mem_free_kb", -1);
		kv_free(&kv);
	}
	free(p);
	return kib;
}

/* The first guest without a window that loaded MODULES, with its MemFree. */
static const struct cell *base_guest(const struct run *run, const char *modules, long long *kib)
{
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];

		if (!c->mode || strcmp(c->mode, "none") || !c->guest || !*c->guest ||
		    !c->modules || strcmp(c->modules, modules))
			continue;
		*kib = guest_free_kib(run, c->guest);
		if (*kib >= 0)
			return c;
	}
	return NULL;
}

void load_window_memory(struct run *run)
{
	char *p = path_join(run->dir, "window-memory");
	FILE *f = fopen(p, "r");
	int i;

	if (f) {
		load_file(run, p, f);
		fclose(f);
		free(p);
		return;
	}
	free(p);
	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];
		long long base, kib;

		if (!c->mode || strcmp(c->mode, "dax") || !c->guest || !*c->guest || !c->modules ||
		    known(run, c->window) || !base_guest(run, c->modules, &base))
			continue;
		kib = guest_free_kib(run, c->guest);
		if (kib >= 0)
			add(run, c->window, (double)(base - kib));
	}
}

/* Guest memory (KiB) a window of this size costs; NaN when not measured. */
double run_window_cost_kib(const struct run *run, long long window)
{
	int i;

	/* MemFree at boot varies by a few hundred KiB from boot to boot, more
	 * than a small window's struct pages (256 KiB for 16M): a negative
	 * difference is that noise, not memory a window gives back. The
	 * window-memory table keeps the raw figures. */
	for (i = 0; i < run->nwmem; i++)
		if (run->wmem_window[i] == window)
			return run->wmem_kib[i] > 0 ? run->wmem_kib[i] : 0;
	return NAN;
}
