/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/export.h (and include/linux/module.h's
 * THIS_MODULE).  There are no modules: a ported
 * file's exports are ordinary external symbols, so these declare nothing
 * (a _Static_assert is the one C11 declaration that takes the kernel's
 * trailing semicolon at file scope).
 */
#ifndef VIRTREF_LINUX_EXPORT_H
#define VIRTREF_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym) _Static_assert(1, #sym)
#define EXPORT_SYMBOL_GPL(sym) _Static_assert(1, #sym)
#define EXPORT_SYMBOL_NS(sym, ns) _Static_assert(1, #sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) _Static_assert(1, #sym)

/* include/linux/module.h's, which maps here: no module owns a ported file. */
struct module;
#define THIS_MODULE ((struct module *)0)

#endif
