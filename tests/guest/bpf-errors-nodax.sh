# daxstat on a virtio-fs mount without DAX (tests/t-bpf-errors.sh).
set -e
ds_prepare
ds_run nodax 1 1
ds_run nodaxm -m /mnt/share 1 1
ds_save
