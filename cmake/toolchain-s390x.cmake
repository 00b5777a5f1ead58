# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Cross build for s390x (big-endian, 64-bit) with Debian's
# gcc-s390x-linux-gnu against the s390x multiarch libyaml and Check;
# every test runs under qemu-s390x (scripts/install-deps --s390x).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
# The install test's C++ consumer.
set(CMAKE_CXX_COMPILER s390x-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_LIBRARY_ARCHITECTURE s390x-linux-gnu)
# The multiarch .pc files, and none of the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/s390x-linux-gnu/pkgconfig:/usr/share/pkgconfig)
# The multiarch C library (libc6:s390x) serves the programs: mixing in
# the cross compiler's own copy under /usr/s390x-linux-gnu (qemu -L)
# breaks at start-up when the two are different builds.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x)
