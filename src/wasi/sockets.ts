// `wasi:sockets`: this host offers no network. Spec: WASI 0.2 wasi-sockets (network.wit,
// instance-network.wit, tcp-create-socket.wit, udp-create-socket.wit, ip-name-lookup.wit). A
// guest gets its `network` handle, but creating a TCP or UDP socket and resolving a name fail
// with the interfaces' own `error-code::not-supported` ("the operation is not supported"), so
// it learns there is no network the ordinary way instead of trapping.
//
// The socket, datagram-stream and resolve-address-stream resources exist as types only: nothing
// here ever creates one, so none of their methods can be reached.

import { ComponentError } from '../component/errors.js';

export class Network {}
export class TcpSocket {}
export class UdpSocket {}
export class IncomingDatagramStream {}
export class OutgoingDatagramStream {}
export class ResolveAddressStream {}

function notSupported(what: string): never {
  throw new ComponentError('not-supported', `${what}: this host offers no network`);
}

export function socketInterfaces(): Record<string, object> {
  return {
    'wasi:sockets/network': {
      Network,
      networkErrorCode: (): undefined => undefined,
    },
    'wasi:sockets/instance-network': { instanceNetwork: () => new Network() },
    'wasi:sockets/tcp': { TcpSocket },
    'wasi:sockets/tcp-create-socket': { createTcpSocket: () => notSupported('create-tcp-socket') },
    'wasi:sockets/udp': { UdpSocket, IncomingDatagramStream, OutgoingDatagramStream },
    'wasi:sockets/udp-create-socket': { createUdpSocket: () => notSupported('create-udp-socket') },
    'wasi:sockets/ip-name-lookup': {
      ResolveAddressStream,
      resolveAddresses: () => notSupported('resolve-addresses'),
    },
  };
}
