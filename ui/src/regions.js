// Jiangsu and its 13 prefecture-level cities. The API takes English names (it also accepts Chinese ones).
export const REGIONS = [
  { value: "Jiangsu", zh: "江苏省", en: "Jiangsu (province)" },
  { value: "Nanjing", zh: "南京市", en: "Nanjing" },
  { value: "Wuxi", zh: "无锡市", en: "Wuxi" },
  { value: "Xuzhou", zh: "徐州市", en: "Xuzhou" },
  { value: "Changzhou", zh: "常州市", en: "Changzhou" },
  { value: "Suzhou", zh: "苏州市", en: "Suzhou" },
  { value: "Nantong", zh: "南通市", en: "Nantong" },
  { value: "Lianyungang", zh: "连云港市", en: "Lianyungang" },
  { value: "Huai'an", zh: "淮安市", en: "Huai'an" },
  { value: "Yancheng", zh: "盐城市", en: "Yancheng" },
  { value: "Yangzhou", zh: "扬州市", en: "Yangzhou" },
  { value: "Zhenjiang", zh: "镇江市", en: "Zhenjiang" },
  { value: "Taizhou", zh: "泰州市", en: "Taizhou" },
  { value: "Suqian", zh: "宿迁市", en: "Suqian" },
];
