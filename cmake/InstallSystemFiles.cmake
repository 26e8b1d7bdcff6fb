# Runs at install time (cmake --install, cpack): writes the systemd units and the system's
# report definitions for the prefix in effect then. DESTDIR is honoured by file(INSTALL).
# The package's conffiles (packaging/debian/conffiles) list what lands in /etc/cskpi.
set(_prefix "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/+$" "" _prefix "${_prefix}")
# As GNUInstallDirs: the prefix /usr (or /) keeps its configuration in /etc.
if(_prefix STREQUAL "/usr" OR _prefix STREQUAL "")
  set(CSKPI_SYSCONFDIR /etc)
else()
  set(CSKPI_SYSCONFDIR "${_prefix}/etc")
endif()
if(IS_ABSOLUTE "${CSKPI_INSTALL_BINDIR}")
  set(CSKPI_BINDIR "${CSKPI_INSTALL_BINDIR}")
else()
  set(CSKPI_BINDIR "${_prefix}/${CSKPI_INSTALL_BINDIR}")
endif()

set(_units "${CSKPI_GENERATED}/systemd")
foreach(unit cskpi-monthly.service cskpi-year-end.service)
  configure_file("${CSKPI_SOURCE_DIR}/packaging/systemd/${unit}.in" "${_units}/${unit}" @ONLY)
endforeach()
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" TYPE FILE
     FILES "${_units}/cskpi-monthly.service" "${_units}/cskpi-year-end.service"
           "${CSKPI_SOURCE_DIR}/packaging/systemd/cskpi-monthly.timer"
           "${CSKPI_SOURCE_DIR}/packaging/systemd/cskpi-year-end.timer")

file(INSTALL DESTINATION "${CSKPI_SYSCONFDIR}/cskpi" TYPE FILE
     FILES "${CSKPI_SOURCE_DIR}/packaging/etc/monthly.ini" "${CSKPI_SOURCE_DIR}/packaging/etc/year-end.ini")
file(INSTALL DESTINATION "${CSKPI_SYSCONFDIR}/cskpi" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE
     FILES "${CSKPI_SOURCE_DIR}/packaging/etc/credentials")
