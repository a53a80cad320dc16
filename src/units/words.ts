/** How people name unit kinds and regions (vùng): the words shown instead of codes. */

/** Unit kinds (loại đơn vị hành chính): [Vietnamese, English]. */
export const kindNames: Record<string, readonly [vi: string, en: string]> = {
  province: ['Tỉnh', 'Province'],
  city: ['Thành phố TW', 'City'],
  district: ['Huyện', 'District'],
  urban_district: ['Quận', 'Urban district'],
  town: ['Thị xã', 'Town'],
  provincial_city: ['Thành phố', 'Provincial city'],
  commune: ['Xã', 'Commune'],
  ward: ['Phường', 'Ward'],
  township: ['Thị trấn', 'Township'],
  special_zone: ['Đặc khu', 'Special zone'],
  village: ['Thôn', 'Village'],
};

/** Socio-economic regions (vùng) used by by_region thresholds, in the order of the legal annexes. */
export const regions: ReadonlyArray<readonly [code: string, name: string]> = [
  ['TDMNPB', 'Trung du và miền núi phía Bắc'],
  ['DBSH', 'Đồng bằng sông Hồng'],
  ['BTB', 'Bắc Trung Bộ'],
  ['DHNTB', 'Duyên hải Nam Trung Bộ'],
  ['TN', 'Tây Nguyên'],
  ['DNB', 'Đông Nam Bộ'],
  ['DBSCL', 'Đồng bằng sông Cửu Long'],
];

const regionByCode = new Map(regions);

/** "vùng Đồng bằng sông Hồng" for DBSH; an unknown code stays as written. */
export function regionName(code: string): string {
  return regionByCode.get(code) ?? code;
}
