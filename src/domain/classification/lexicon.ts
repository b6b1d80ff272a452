/**
 * Weighted terms per subcategory. A term is matched as a substring of the normalised text
 * (lower case), so English terms are written in lower case. Weights: 3 names the problem on its
 * own, 2 points strongly at it, 1 is a hint.
 */
export interface LexiconTerm {
  readonly term: string;
  readonly subcategory: string;
  readonly weight: number;
}

const terms: Record<string, ReadonlyArray<readonly [string, number]>> = {
  garbage_overflow: [
    ['垃圾满', 3],
    ['垃圾桶满', 3],
    ['溢出', 2],
    ['清运', 2],
    ['垃圾没人收', 3],
    ['垃圾没人清', 3],
    ['垃圾站', 2],
    ['垃圾桶', 1],
    ['垃圾', 1],
    ['overflowing', 2],
    ['garbage', 1],
    ['trash', 1],
    ['rubbish', 1],
  ],
  litter: [
    ['绿化带', 2],
    ['白色垃圾', 3],
    ['烟头', 2],
    ['纸屑', 2],
    ['塑料袋', 1],
    ['litter', 3],
  ],
  open_clutter: [
    ['乱堆', 2],
    ['堆放', 2],
    ['杂物', 2],
    ['建筑垃圾', 3],
    ['渣土', 2],
  ],
  sewage_dumping: [
    ['污水', 3],
    ['脏水', 3],
    ['泔水', 3],
    ['倒水', 1],
    ['sewage', 3],
  ],
  public_toilet: [
    ['公厕', 3],
    ['公共厕所', 3],
    ['厕所', 2],
    ['toilet', 3],
  ],
  sidewalk_damage: [
    ['人行道', 2],
    ['步道', 1],
    ['地砖', 2],
    ['路面破损', 3],
    ['坑洼', 2],
    ['sidewalk', 3],
  ],
  village_sanitation: [
    ['村里', 2],
    ['村内', 2],
    ['农村', 2],
    ['村口', 2],
    ['村庄', 2],
  ],
  market_sanitation: [
    ['农贸市场', 3],
    ['菜市场', 3],
    ['超市', 2],
    ['集贸市场', 3],
  ],
  outside_store_business: [
    ['店外经营', 3],
    ['占道经营', 3],
    ['出店经营', 3],
    ['门口摆', 2],
    ['占用人行道', 2],
    ['占道', 2],
  ],
  street_vendor: [
    ['游商', 3],
    ['摊贩', 3],
    ['小摊', 2],
    ['摆摊', 3],
    ['流动摊', 3],
    ['vendor', 3],
    ['stall', 2],
  ],
  illegal_signboard: [
    ['招牌', 3],
    ['牌匾', 3],
    ['广告牌', 2],
    ['灯箱', 2],
    ['signboard', 3],
  ],
  public_service_ads: [
    ['公益广告', 3],
    ['宣传栏', 2],
    ['宣传牌', 2],
    ['标语', 1],
  ],
  random_parking: [
    ['乱停', 3],
    ['乱放', 2],
    ['违停', 3],
    ['停车', 1],
    ['共享单车', 2],
    ['电动车', 1],
    ['parking', 2],
    ['parked', 2],
  ],
  street_small_ads: [
    ['小广告', 3],
    ['牛皮癣', 3],
    ['涂鸦', 3],
    ['乱贴', 2],
    ['乱涂', 2],
    ['graffiti', 3],
  ],
  parking_lines: [
    ['停车线', 3],
    ['车位线', 3],
    ['划线', 2],
    ['停车位', 1],
  ],
  overhead_cables: [
    ['线缆', 3],
    ['电线', 2],
    ['网线', 2],
    ['蜘蛛网', 1],
    ['架空线', 3],
    ['cables', 3],
    ['wires', 2],
  ],
  flying_wires: [
    ['飞线', 3],
    ['私拉电线', 3],
    ['拉线充电', 3],
    ['充电线', 2],
  ],
  stairwell_clutter: [
    ['楼道堆', 3],
    ['楼道里堆', 3],
    ['楼道杂物', 3],
  ],
  stairwell_ads: [
    ['楼道小广告', 3],
    ['楼道广告', 3],
  ],
  stairwell_glass: [
    ['楼道玻璃', 3],
    ['楼道窗户', 3],
    ['窗户玻璃', 2],
  ],
  practice_station_closed: [
    ['不开门', 3],
    ['关门', 2],
    ['锁着', 2],
    ['没人', 1],
    ['closed', 2],
  ],
  practice_station_nonstandard: [
    ['不规范', 2],
    ['没有标识', 2],
    ['牌子', 1],
  ],
  practice_station_perfunctory: [
    ['走过场', 3],
    ['流于形式', 3],
    ['形式主义', 3],
    ['摆拍', 2],
    ['敷衍', 2],
  ],
  practice_station_loophole: [
    ['漏洞', 2],
    ['台账', 2],
    ['造假', 3],
  ],
  praise: [
    ['表扬', 3],
    ['点赞', 3],
    ['感谢', 2],
    ['谢谢', 2],
    ['辛苦了', 2],
    ['thank', 2],
  ],
  question: [
    ['请问', 2],
    ['咨询', 2],
    ['怎么', 1],
    ['如何', 1],
    ['吗?', 1],
  ],
  unrelated: [
    ['暖气', 3],
    ['供暖', 3],
    ['工资', 3],
    ['欠薪', 3],
    ['噪音', 2],
    ['装修', 1],
    ['物业费', 2],
  ],
};

export const LEXICON: readonly LexiconTerm[] = Object.entries(terms).flatMap(([subcategory, list]) =>
  list.map(([term, weight]) => ({ term, subcategory, weight })),
);

/** Words that put a problem inside a residential building (楼道 = stairwell). */
export const STAIRWELL_TERMS: readonly string[] = [
  '楼道',
  '楼梯间',
  '楼梯',
  '单元门',
  '单元',
  'stairwell',
  'staircase',
];

/** Any mention of a New Era Civilization Practice institute or station makes the report `crude`. */
export const PRACTICE_STATION_TERMS: readonly string[] = [
  '文明实践',
  '实践站',
  '实践所',
  '实践中心',
  'practice station',
];
