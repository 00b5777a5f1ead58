// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* A kernel file whose third include the mapping table does not know. */
#include <linux/types.h>
#include <asm/mshyperv.h>
#include <asm/paravirt.h>

int hyperv_flush_guest_mapping(u64 as)
{
	return 0;
}
