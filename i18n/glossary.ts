/**
 * The modeling vocabulary in both languages, as Chinese scorecard practice writes it (checked
 * against Chinese scorecard tutorials and textbooks: 分箱, WOE 编码/证据权重, IV 值/信息值, 基准分
 * and PDO 分数翻倍点, 群体稳定性指数 PSI, 入模变量, 坏账率, 通过率, 撞库, 授信/支用/复借). Both
 * catalogues take their terms from here, so a term reads the same on every screen.
 */
export const GLOSSARY = {
  binning: { en: 'binning', zh: '分箱' },
  bin: { en: 'bin', zh: '箱' },
  woe: { en: 'WOE', zh: 'WOE（证据权重）' },
  woeShort: { en: 'WOE', zh: 'WOE' },
  iv: { en: 'IV', zh: 'IV（信息值）' },
  ivShort: { en: 'IV', zh: 'IV' },
  psi: { en: 'PSI', zh: 'PSI（群体稳定性指数）' },
  csi: { en: 'CSI', zh: 'CSI（特征稳定性指数）' },
  scorecard: { en: 'scorecard', zh: '评分卡' },
  baseScore: { en: 'base score', zh: '基础分' },
  baseOdds: { en: 'base odds', zh: '基准好坏比' },
  pdo: { en: 'PDO (points to double the odds)', zh: 'PDO（翻倍分数）' },
  reasonCode: { en: 'reason code', zh: '拒绝原因码' },
  badRate: { en: 'bad rate', zh: '坏账率' },
  eventRate: { en: 'event rate', zh: '事件率' },
  approvalRate: { en: 'pass rate', zh: '通过率' },
  responseRate: { en: 'response rate', zh: '响应率' },
  modelInputs: { en: 'model inputs', zh: '入模变量' },
  oot: { en: 'out of time (OOT)', zh: '跨时间验证（OOT）' },
  outOfSample: { en: 'out of sample', zh: '样本外' },
  train: { en: 'train', zh: '训练集' },
  test: { en: 'test', zh: '测试集' },
  matchRate: { en: 'match rate', zh: '匹配率' },
  idMatching: { en: 'id matching', zh: '撞库' },
  credit: { en: 'credit', zh: '授信' },
  drawdown: { en: 'draw-down', zh: '支用' },
  repurchase: { en: 'repurchase', zh: '复借' },
  target: { en: 'target', zh: '目标变量' },
  feature: { en: 'feature', zh: '特征' },
  sample: { en: 'sample', zh: '样本' },
  cutoff: { en: 'cut-off', zh: '切分点' },
  strategy: { en: 'bid strategy', zh: '出价策略' },
  audit: { en: 'audit log', zh: '审计日志' },
  pseudonymize: { en: 'pseudonymize', zh: '去标识化' },
  dataset: { en: 'dataset', zh: '数据集' },
  workspace: { en: 'workspace', zh: '工作区' },
  funnel: { en: 'funnel', zh: '漏斗' },
  join: { en: 'join', zh: '关联' },
  party: { en: 'party', zh: '数据方' },
  lender: { en: 'lender', zh: '资方' },
  partner: { en: 'partner', zh: '合作方' },
} as const satisfies Record<string, { en: string; zh: string }>;

export type Term = keyof typeof GLOSSARY;
