// SPDX-License-Identifier: GPL-2.0
/* The traced mounts and their BPF map entries: devs.h says what and why. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

#include <bpf/bpf.h>

#include "../bpf/daxstat.h"
#include "devs.h"
#include "mounts.h"
#include "tool.h"

static struct dax_mount mounts[DS_MAX_DEVS];
static int nmounts, map;

void dev_name(__u32 dev, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u", dev >> 20, dev & 0xfffff);
}

void devs_start(__u32 filter_dev, int map_fd)
{
	static struct dax_mount all[DS_MAX_DEVS];
	struct ds_dev zero = { 0 };
	struct statfs st;
	int i, n;

	map = map_fd;
	n = dax_mounts(all, DS_MAX_DEVS);
	for (i = 0; i < n; i++) {
		if (filter_dev && all[i].dev != filter_dev)
			continue;
		if (bpf_map_update_elem(map, &all[i].dev, &zero, BPF_NOEXIST) && errno != EEXIST)
			fatal("adding mount %s to the BPF map failed: %s", all[i].dir,
			      strerror(errno));
		mounts[nmounts++] = all[i];
	}
	/* fuse_statfs reads the window while this runs: no FUSE request is
	 * needed for it, but statfs() sends one (FUSE_STATFS), harmless. A
	 * mount that cannot be reached keeps its window unknown. */
	for (i = 0; i < nmounts; i++)
		if (statfs(mounts[i].dir, &st))
			notice("statfs %s: %s: its window stays unknown", mounts[i].dir,
			       strerror(errno));
}

int devs_read(struct dev_info *out, int max)
{
	int i, n = 0;

	for (i = 0; i < nmounts && n < max; i++) {
		struct dev_info *d = &out[n++];
		struct ds_dev v = { 0 };

		bpf_map_lookup_elem(map, &mounts[i].dev, &v);
		d->dev = mounts[i].dev;
		d->dir = mounts[i].dir;
		d->dax = mounts[i].dax;
		d->range = mounts[i].range;
		d->window_known = v.window_known;
		d->window = v.window_ranges * mounts[i].range;
		d->nondax_reads = v.nondax_reads;
	}
	return n;
}
