# SPDX-License-Identifier: GPL-2.0-only OR MIT
# The uninstall target: removes every file the last `cmake --install` of
# this build wrote (install_manifest.txt), then the directories named
# after virtref that are left empty.  Directories shared with other
# software (bin, lib, share/man/man1, ...) stay.
#   cmake -DMANIFEST=<build>/install_manifest.txt -P uninstall.cmake
if(NOT EXISTS "${MANIFEST}")
  message(FATAL_ERROR "nothing to uninstall: ${MANIFEST} does not exist (run cmake --install first)")
endif()
file(STRINGS "${MANIFEST}" files)
set(dirs "")
foreach(f IN LISTS files)
  if(EXISTS "${f}" OR IS_SYMLINK "${f}")
    message(STATUS "Uninstalling: ${f}")
    file(REMOVE "${f}")
  endif()
  get_filename_component(d "${f}" DIRECTORY)
  while(d MATCHES "/virtref(/|$)")
    list(APPEND dirs "${d}")
    get_filename_component(d "${d}" DIRECTORY)
  endwhile()
endforeach()
# Deepest first, so that a parent is empty once its children are gone.
list(REMOVE_DUPLICATES dirs)
list(SORT dirs ORDER DESCENDING)
foreach(d IN LISTS dirs)
  file(GLOB entries LIST_DIRECTORIES true "${d}/*" "${d}/.*")
  if(IS_DIRECTORY "${d}" AND NOT entries)
    file(REMOVE_RECURSE "${d}")
  endif()
endforeach()
file(REMOVE "${MANIFEST}")
