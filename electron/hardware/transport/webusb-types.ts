// The slice of the WebUSB device API (as implemented by usb 3.x) the USB printer transport uses.
// Declared here so a fake device can stand in for the native one in tests.

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize?: number;
}

export interface UsbAlternateLike {
  interfaceClass: number;
  endpoints: UsbEndpointLike[];
}

export interface UsbInterfaceLike {
  interfaceNumber: number;
  alternate: UsbAlternateLike;
}

export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: UsbInterfaceLike[];
}

export interface UsbOutResult {
  status: 'ok' | 'stall' | 'babble';
  bytesWritten: number;
}

export interface UsbInResult {
  status: 'ok' | 'stall' | 'babble';
  data?: DataView;
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | null;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationLike | null;
  readonly configurations?: readonly UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array<ArrayBuffer>): Promise<UsbOutResult>;
  transferIn(endpointNumber: number, length: number): Promise<UsbInResult>;
  /** usb 3.x extension, Linux only: let go of the kernel's usblp driver. */
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
}

export interface UsbDeviceFinder {
  findDeviceByIds(vendorId: number, productId: number): Promise<UsbDeviceLike | undefined>;
}

export interface UsbDeviceLister {
  getDevices(): Promise<UsbDeviceLike[]>;
}

/** USB interface class 7: printers. */
export const USB_CLASS_PRINTER = 7;
