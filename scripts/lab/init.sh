#!/bin/busybox sh
# /init of the lab's initramfs (busybox only). Prints what the host side parses, then powers off.
# Markers: LAB-BEGIN, CPU ..., DEV <bdf> <vendor> <device> <class> <sysfs path>, RES <start> <end> <flags>
# (one per line of the device's `resource` file, in order), DMESG-BEGIN, the kernel log, LAB-END.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "LAB-BEGIN"
echo "CPU $(grep -m1 '^vendor_id' /proc/cpuinfo)"
echo "CPU $(grep -m1 '^address sizes' /proc/cpuinfo)"
if grep -m1 '^flags' /proc/cpuinfo | grep -qw pdpe1gb; then echo "CPU pdpe1gb: yes"; else echo "CPU pdpe1gb: no"; fi
for d in /sys/bus/pci/devices/*; do
  echo "DEV $(basename "$d") $(cat "$d/vendor") $(cat "$d/device") $(cat "$d/class") $(readlink -f "$d")"
  while read -r start end flags; do echo "RES $start $end $flags"; done < "$d/resource"
done
echo "DMESG-BEGIN"
dmesg
echo "LAB-END"
# The console is a tty: give it a moment to drain before the power goes.
sleep 2
poweroff -f
