/**
 * Well-known port -> service name, like /etc/services for the ports people
 * actually meet (~300). Used by the grid's Service column; pure data, no I/O.
 */
import type { Connection, Protocol } from './model';

// Ports whose name is the same over TCP and UDP (or that are only registered
// for one but never collide), as 'port name' pairs: compact and easy to scan.
const COMMON = `
1 tcpmux 7 echo 9 discard 11 systat 13 daytime 17 qotd 19 chargen 20 ftp-data 21 ftp 22 ssh 23 telnet 25 smtp
37 time 42 nameserver 43 whois 49 tacacs 53 domain 67 bootps 68 bootpc 69 tftp 70 gopher 79 finger 80 http
81 http-alt 88 kerberos 102 iso-tsap 104 dicom 110 pop3 111 sunrpc 113 auth 119 nntp 123 ntp 135 epmap
137 netbios-ns 138 netbios-dgm 139 netbios-ssn 143 imap 161 snmp 162 snmptrap 170 print-srv 177 xdmcp 179 bgp
194 irc 199 smux 201 at-rtmp 209 qmtp 210 z39.50 213 ipx 220 imap3 389 ldap 401 ups 427 svrloc 443 https
444 snpp 445 microsoft-ds 464 kpasswd 465 submissions 497 retrospect 500 isakmp 502 modbus 512 exec 513 login
514 shell 515 printer 517 talk 518 ntalk 520 efs 521 ripng 524 ncp 530 courier 531 conference 532 netnews
540 uucp 543 klogin 544 kshell 546 dhcpv6-client 547 dhcpv6-server 548 afpovertcp 554 rtsp 563 nntps
587 submission 593 http-rpc-epmap 623 asf-rmcp 631 ipp 636 ldaps 639 msdp 646 ldp 647 dhcp-failover
655 tinc 666 doom 691 msexch-routing 749 kerberos-adm 750 kerberos4 751 kerberos-master 853 domain-s
860 iscsi 873 rsync 902 vmware-auth 989 ftps-data 990 ftps 992 telnets 993 imaps 995 pop3s
1080 socks 1194 openvpn 1214 kazaa 1241 nessus 1311 rxmon 1337 waste 1352 lotusnote 1433 ms-sql-s
1434 ms-sql-m 1512 wins 1521 oracle 1589 cisco-vqp 1645 radius-old 1646 radacct-old 1701 l2tp 1723 pptp
1741 cisco-net-mgmt 1755 wms 1812 radius 1813 radius-acct 1863 msnp 1883 mqtt 1900 ssdp 1935 rtmp
1985 hsrp 2000 cisco-sccp 2049 nfs 2082 cpanel 2083 cpanel-ssl 2086 whm 2087 whm-ssl 2095 webmail
2096 webmail-ssl 2100 amiganetfs 2181 zookeeper 2222 ssh-alt 2375 docker 2376 docker-s 2377 swarm
2379 etcd-client 2380 etcd-server 2401 cvspserver 2427 mgcp-gateway 2483 oracle-db 2484 oracle-db-ssl
2535 madcap 2598 citrix-ica-sr 2601 zebra 2604 ospfd 2605 bgpd 2727 mgcp-callagent 2809 corbaloc
2947 gpsd 3000 ppp 3050 gds-db 3128 squid 3260 iscsi-target 3268 msft-gc 3269 msft-gc-ssl 3283 net-assistant
3306 mysql 3310 clamav 3389 ms-wbt-server 3478 stun 3479 stun-2 3480 stun-3 3493 nut 3544 teredo 3632 distcc
3689 daap 3690 svn 3702 ws-discovery 3724 blizwow 3784 bfd-control 3785 bfd-echo 4000 remoteanything
4045 lockd 4070 tripe 4222 nats 4369 epmd 4443 pharos 4500 ipsec-nat-t 4567 tram 4662 edonkey 4672 emule
4730 gearman 4789 vxlan 4840 opcua 4848 glassfish 5000 upnp 5001 commplex-link 5004 rtp 5005 rtcp
5022 mice 5037 adb 5060 sip 5061 sips 5222 xmpp-client 5223 xmpp-client-ssl 5228 gcm 5269 xmpp-server
5280 xmpp-bosh 5298 presence 5349 turns 5353 mdns 5355 llmnr 5357 wsdapi 5432 postgresql 5433 postgresql-alt
5500 vnc-http-alt 5555 freeciv 5601 kibana 5631 pcanywhere 5666 nrpe 5672 amqp 5683 coap 5684 coaps
5693 nrpe-ssl 5800 vnc-http 5900 vnc 5901 vnc-1 5902 vnc-2 5938 teamviewer 5984 couchdb 5985 wsman
5986 wsmans 6000 x11 6001 x11-1 6379 redis 6443 kube-apiserver 6514 syslog-tls 6566 sane-port 6600 mpd
6660 ircu-0 6665 ircu 6666 irc-alt 6667 ircd 6697 ircs 6881 bittorrent 7000 afs3-fileserver 7001 afs3-callback
7070 realserver 7474 neo4j 7547 cwmp 7946 serf 8000 irdmi 8008 http-alt-2 8009 ajp13 8010 xmpp-file
8080 http-proxy 8081 http-alt-3 8083 us-srv 8086 influxdb 8088 radan-http 8089 splunkd 8096 jellyfin
8123 home-assistant 8140 puppet 8200 vault 8300 consul-rpc 8301 consul-serf 8333 bitcoin 8443 https-alt
8500 consul 8530 wsus 8531 wsus-ssl 8554 rtsp-alt 8649 ganglia 8765 ultraseek 8834 nessus-xmlrpc
8883 secure-mqtt 8888 sun-answerbook 9000 cslistener 9001 tor-orport 9042 cassandra 9050 tor-socks
9051 tor-control 9090 websm 9091 xmltec-xmlmail 9092 kafka 9100 jetdirect 9101 bacula-dir 9102 bacula-fd
9103 bacula-sd 9200 elasticsearch 9229 node-inspect 9300 elasticsearch-node 9389 adws 9418 git
9443 tungsten-https 9600 micromuse-ncpw 9990 osm-appsrvr 9993 zerotier 9999 distinct 10000 ndmp
10050 zabbix-agent 10051 zabbix-trapper 10250 kubelet 10443 https-alt-2 11211 memcache 11371 hkp
12345 netbus 13720 bprd 15672 rabbitmq-mgmt 17500 dropbox-lansync 19132 minecraft-be 20000 dnp
22000 syncthing 25565 minecraft 25575 minecraft-rcon 27015 steam-srcds 27017 mongodb 27018 mongodb-shard
27036 steam-streaming 28015 rethinkdb 32400 plex 33848 jenkins-discovery 41641 tailscale 50000 ibm-db2
50070 hdfs-namenode 51820 wireguard 60000 mosh
`;

// Where the UDP registration differs from the TCP one (which is in COMMON), the UDP name wins for UDP.
const UDP_ONLY = `512 biff 513 who 514 syslog 520 router`;

function parseTable(text: string): Map<number, string> {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const map = new Map<number, string>();
  for (let i = 0; i + 1 < words.length; i += 2) {
    const port = Number(words[i]);
    const name = words[i + 1];
    if (Number.isInteger(port) && name !== undefined) map.set(port, name);
  }
  return map;
}

const COMMON_MAP = parseTable(COMMON);
const UDP_MAP = parseTable(UDP_ONLY);

/** Number of distinct ports known (for tests and the about box). */
export const SERVICE_PORT_COUNT = new Set([...COMMON_MAP.keys(), ...UDP_MAP.keys()]).size;

/**
 * The service name of a port, or null (port 0, negative, fractional or unknown: the tables hold none of them).
 * Protocols other than tcp/udp use the common table.
 */
export function serviceName(port: number, protocol?: Protocol): string | null {
  return (protocol === 'udp' ? UDP_MAP.get(port) : undefined) ?? COMMON_MAP.get(port) ?? null;
}

/**
 * The service a connection talks: the well-known side of it. When both ports
 * have names, the lower port is the server side (ephemeral ports are high), so
 * an outgoing https connection shows 'https', a local sshd listener 'ssh'.
 */
export function connectionService(c: Pick<Connection, 'protocol' | 'localPort' | 'remotePort'>): string {
  const low = Math.min(c.localPort, c.remotePort);
  const high = Math.max(c.localPort, c.remotePort);
  return serviceName(low, c.protocol) ?? serviceName(high, c.protocol) ?? '';
}
