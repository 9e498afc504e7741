/** ICMPv4 type names accepted by the CRD (`icmps[].fields[].type`), after IANA. */
const ICMPV4_TYPES: Record<string, number> = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  Redirect: 5,
  Echo: 8,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSelection: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
  Photuris: 40,
  ExtendedEchoRequest: 42,
  ExtendedEchoReply: 43,
};

/** ICMPv6 type names accepted by the CRD, after IANA. */
const ICMPV6_TYPES: Record<string, number> = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  MulticastListenerQuery: 130,
  MulticastListenerReport: 131,
  MulticastListenerDone: 132,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
  RedirectMessage: 137,
  RouterRenumbering: 138,
  ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140,
  InverseNeighborDiscoverySolicitation: 141,
  InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144,
  HomeAgentAddressDiscoveryReply: 145,
  MobilePrefixSolicitation: 146,
  MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157,
  DuplicateAddressConfirmationCodeSuffix: 158,
  ExtendedEchoRequest: 160,
  ExtendedEchoReply: 161,
};

/** The numeric ICMP type of a CRD `type` (0..255 or a CamelCase name) for `family`; undefined when unknown. */
export function icmpTypeNumber(family: 'IPv4' | 'IPv6', type: number | string): number | undefined {
  if (typeof type === 'number') return Number.isInteger(type) && type >= 0 && type <= 255 ? type : undefined;
  const text = String(type).trim();
  if (/^\d+$/.test(text)) return icmpTypeNumber(family, Number(text));
  const table = family === 'IPv6' ? ICMPV6_TYPES : ICMPV4_TYPES;
  return Object.prototype.hasOwnProperty.call(table, text) ? table[text] : undefined;
}
