import { crc32 } from "@burnrate/core/providers";

/**
 * One AWS event-stream message (prelude, its CRC, string headers, payload, message CRC), as
 * Bedrock's ConverseStream sends it: for the mock provider and for recording fixtures.
 */
export function encodeAwsEventStreamMessage(
  headers: Record<string, string>,
  payload: Uint8Array,
): Uint8Array {
  const encoder = new TextEncoder();
  const headerBytes: number[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = encoder.encode(name);
    const valueBytes = encoder.encode(value);
    headerBytes.push(
      nameBytes.length,
      ...nameBytes,
      7,
      valueBytes.length >> 8,
      valueBytes.length & 0xff,
      ...valueBytes,
    );
  }
  const total = 16 + headerBytes.length + payload.length;
  const message = new Uint8Array(total);
  const view = new DataView(message.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(message, 0, 8));
  message.set(headerBytes, 12);
  message.set(payload, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(message, 0, total - 4));
  return message;
}
