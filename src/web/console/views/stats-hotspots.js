/**
 * 热点: the subcategories with the most reports (each a link to the queue) and the places reported
 * more than once (the same address, or points within about 100 m; the queue cannot filter by
 * place, so those are plain numbers).
 */
import { dataTable } from '../components.js';
import { h } from '../dom.js';
import { classificationText } from '../state.js';
import { drillLink, exportButtons } from '../statistics.js';

/** The category a subcategory belongs to (subcategory codes are unique across categories). */
export function parentCategory(categories, subcategory) {
  return categories.find((category) => category.subcategories?.some((sub) => sub.code === subcategory))?.code;
}

export function hotSpots(stats, filters, categories, { links = true } = {}) {
  const subcategories = stats.hotSpots?.subcategories ?? [];
  const places = stats.hotSpots?.places ?? [];
  return h(
    'section',
    { class: 'card', id: 'section-hotspots' },
    h('h2', { class: 'card-title' }, '热点问题'),
    h(
      'div',
      { class: 'hotspot-grid' },
      h(
        'div',
        null,
        h(
          'div',
          { class: 'card-head' },
          h('h3', null, '反映最多的小类'),
          links ? exportButtons(filters, 'subcategory', '按小类统计') : null,
        ),
        dataTable(
          'hotspot-subcategories',
          ['排名', '问题小类', '反映数'],
          subcategories.map((row, index) => {
            const category = parentCategory(categories, row.key);
            return h(
              'tr',
              { dataset: { subcategory: row.key } },
              h('td', { class: 'rank' }, String(index + 1)),
              h('td', null, classificationText(categories, category, row.key) || row.key),
              h(
                'td',
                { class: 'num' },
                // A code the catalogue no longer has would be refused by the queue's filter.
                links && category
                  ? drillLink(filters, { category, subcategory: row.key }, String(row.count))
                  : String(row.count),
              ),
            );
          }),
          '暂无数据',
        ),
      ),
      h(
        'div',
        null,
        h('div', { class: 'card-head' }, h('h3', null, '多次被反映的地点')),
        dataTable(
          'hotspot-places',
          ['排名', '地点', '反映数'],
          places.map((row, index) =>
            h(
              'tr',
              { dataset: { place: row.key } },
              h('td', { class: 'rank' }, String(index + 1)),
              h('td', { class: 'cell-content' }, placeText(row.key)),
              h('td', { class: 'num' }, String(row.count)),
            ),
          ),
          '暂无同一地点多次反映的情况',
        ),
      ),
    ),
  );
}

/** The API groups places by the address without spaces and punctuation, or by rounded coordinates. */
function placeText(key) {
  return /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(key) ? `坐标 ${key.replace(',', ', ')} 附近` : key;
}
