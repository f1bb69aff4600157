/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-fs DAX mounts, from /proc/self/mountinfo. */
#ifndef DAXSCOPE_MOUNTS_H
#define DAXSCOPE_MOUNTS_H

#include <linux/types.h>

struct dax_mount {
	__u32 dev;		/* kernel dev_t: MAJOR << 20 | MINOR */
	__u64 range;		/* DAX range size in bytes (2M, or dax_range=) */
	const char *dax;	/* what it asked for: "always" or "inode" */
	char dir[4096];		/* mount point */
};

/*
 * With a mount point: that mount's device number for the BPF filter, or a
 * one-line fatal error when it is no virtio-fs DAX mount. Without one (NULL):
 * 0, or a fatal error when there is no virtio-fs DAX mount at all.
 */
__u32 dax_mount_filter(const char *dir);

/* All virtio-fs DAX mounts; returns how many (up to max). */
int dax_mounts(struct dax_mount *out, int max);

#endif
