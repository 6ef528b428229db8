// Finds USB printers that are plugged in (any device with a printer-class interface), so the
// settings page can offer them as `usb://VVVV:PPPP` without anyone reading vendor ids off a label.
import type { DeviceInfo } from '../../../shared/device-bridge.ts';
import { USB_CLASS_PRINTER, type UsbDeviceLike, type UsbDeviceLister } from './webusb-types.ts';

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export function usbPrinterUrl(d: Pick<UsbDeviceLike, 'vendorId' | 'productId'>): string {
  return `usb://${hex4(d.vendorId)}:${hex4(d.productId)}`;
}

function hasPrinterInterface(d: UsbDeviceLike): boolean {
  const configs = d.configurations?.length ? d.configurations : d.configuration ? [d.configuration] : [];
  return configs.some((c) => c.interfaces.some((i) => i.alternate.interfaceClass === USB_CLASS_PRINTER));
}

export async function discoverUsbPrinters(lister: UsbDeviceLister): Promise<DeviceInfo[]> {
  const devices = await lister.getDevices();
  return devices.filter(hasPrinterInterface).map((d) => {
    const url = usbPrinterUrl(d);
    return { id: url, kind: 'printer', transport: 'usb', name: `${d.productName ?? 'USB printer'} (${url})`, connected: true };
  });
}

/** usb 3.x as the lister, loaded on demand. */
export async function nativeUsbLister(): Promise<UsbDeviceLister> {
  const { usb } = await import('usb');
  // usb declares its device as extending the WebUSB USBDevice type from @types/w3c-web-usb, which
  // this project's tsconfig does not load; transferIn/transferOut exist at runtime (usb adds them
  // to the prototype) but are missing from the type, hence the cast.
  return { getDevices: async () => (await usb.getDevices()) as unknown as UsbDeviceLike[] };
}
