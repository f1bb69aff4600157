/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat's per-mount values: the traced virtio-fs mounts that asked for DAX
 * (the -m one, or all), listed once at start; the window of each, which
 * the BPF side reads in fuse_statfs when statfs() is called on each here;
 * the reads that did not go through DAX (bpf/daxstat_devs.bpf.h). Mounts
 * made later are traced by the counters but have no values here.
 */
#ifndef DAXSCOPE_DEVS_H
#define DAXSCOPE_DEVS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct dev_info {
	__u32 dev;		/* kernel dev_t: MAJOR << 20 | MINOR */
	const char *dir;	/* mount point */
	const char *dax;	/* what it asked for: "always" or "inode" */
	__u64 range;		/* range size in bytes */
	bool window_known;	/* fuse_statfs saw it */
	__u64 window;		/* bytes (ranges x range); 0: no window */
	__u64 nondax_reads;	/* when the read probe is attached */
};

/* "MAJ:MIN", as /proc/self/mountinfo and the recording write it. */
void dev_name(__u32 dev, char *buf, size_t len);

/* After attaching: lists the mounts, puts them in the BPF map (map_fd) and
 * calls statfs() on each. Fatal on a map error. */
void devs_start(__u32 filter_dev, int map_fd);
/* The mounts with what the map holds now (any thread); returns how many. */
int devs_read(struct dev_info *out, int max);

#endif
