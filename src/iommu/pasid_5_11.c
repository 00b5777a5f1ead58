// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pasid.c as v5.11 has it: the same text, compiled with
 * LINUX_VERSION_CODE 5.11, its teardown named
 * vr_iommu_pasid_5_11_tear_down_entry() (src/iommu/CMakeLists.txt).
 */
#include "pasid.c"
