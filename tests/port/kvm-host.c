// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* A kernel file of any architecture: <linux/kvm_host.h> is its model's. */
#include <linux/types.h>
#include <linux/kvm_host.h>

int kvm_arch_init_vm(struct kvm *kvm, unsigned long type)
{
	return 0;
}
