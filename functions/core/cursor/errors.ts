/** The refusal of a pagination cursor that this list did not give out. */
import { defineErrors } from '../problem.js';

export const cursorErrors = /* @__PURE__ */ defineErrors({
  invalid_cursor: [400, '分页游标无效，请从第一页重新查询。'],
});
