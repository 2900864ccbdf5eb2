#!/usr/bin/env bash
# The multi-host test's machines: network namespaces on this machine, joined by a bridge in the root namespace.
#   net.sh up    creates them (removing any left from an earlier run first)
#   net.sh down  removes them
# Needs root (ip netns, veth, bridge: Debian's iproute2). The addresses exist only inside this machine: the hosts are
# the test's own, made by this script, and nothing is routed out of the bridge.
set -euo pipefail

NET=${MH_NET:-10.213.0}
# name:last octet
HOSTS=(lb:10 app1:21 app2:22 db1:31 db2:32)
BRIDGE=mh-br

down() {
	local h
	for h in "${HOSTS[@]}"; do
		ip netns del "mh-${h%%:*}" 2>/dev/null || true
		ip link del "mh-${h%%:*}-h" 2>/dev/null || true
	done
	ip link del "$BRIDGE" 2>/dev/null || true
}

up() {
	down
	ip link add "$BRIDGE" type bridge
	ip addr add "$NET.1/24" dev "$BRIDGE"
	ip link set "$BRIDGE" up
	local h name octet ns
	for h in "${HOSTS[@]}"; do
		name=${h%%:*}
		octet=${h##*:}
		ns=mh-$name
		ip netns add "$ns"
		ip link add "mh-$name-h" type veth peer name eth0 netns "$ns"
		ip link set "mh-$name-h" master "$BRIDGE" up
		ip -n "$ns" link set lo up
		ip -n "$ns" addr add "$NET.$octet/24" dev eth0
		ip -n "$ns" link set eth0 up
	done
	echo "hosts up on $NET.0/24: ${HOSTS[*]}"
}

case "${1:-}" in
up) up ;;
down) down ;;
*)
	echo "usage: $0 up|down" >&2
	exit 2
	;;
esac
