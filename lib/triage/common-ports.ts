/**
 * Ports of common services (IANA assignments, ranked by how often nmap's service list sees them open), plus the
 * ports Kubernetes, Cilium and the usual cluster add-ons serve. A common port lowers suspicion; it never clears it
 * (attackers use 443 too), so this only decides the "unusual port" signal.
 */
const COMMON = [
  20, 21, 22, 23, 25, 53, 67, 68, 80, 88, 110, 111, 119, 123, 135, 137, 138, 139, 143, 161, 162, 179, 389, 443, 445,
  464, 465, 500, 514, 515, 546, 547, 548, 554, 587, 631, 636, 853, 873, 989, 990, 993, 995, 1080, 1194, 1433, 1521,
  1701, 1723, 1812, 1813, 1883, 2049, 2181, 2375, 2376, 2379, 2380, 3000, 3128, 3268, 3306, 3389, 3478, 4222, 4240,
  4244, 4245, 4443, 4500, 5000, 5044, 5060, 5061, 5222, 5353, 5432, 5601, 5672, 5900, 5984, 6379, 6443, 6660, 6667,
  7000, 7001, 7077, 7472, 7946, 8000, 8008, 8080, 8081, 8082, 8083, 8084, 8086, 8088, 8200, 8300, 8301, 8443, 8500,
  8883, 8888, 9000, 9001, 9042, 9090, 9091, 9092, 9093, 9094, 9100, 9101, 9102, 9113, 9121, 9153, 9187, 9200, 9300,
  9411, 9418, 9443, 9962, 9963, 9964, 9965, 10250, 10255, 10256, 10257, 10259, 11211, 15672, 27017, 50000,
];

const SET = new Set(COMMON);

/** True for a port a common service uses (see the module comment). */
export function isCommonPort(port: number): boolean {
  return SET.has(port);
}
