import { attachmentHeader, csvField, toCsv } from '../../src/domain/export/csv';

describe('CSV for Excel', () => {
  it('starts with a BOM, uses CRLF, and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      [
        { name: '环卫中心', note: '垃圾满溢，清运不及时', count: 3 },
        { name: '城管 "执法" 局', note: '第一行\n第二行', count: 0 },
      ],
      [
        { heading: '承办单位', value: (r) => r.name },
        { heading: '说明', value: (r) => r.note },
        { heading: '数量', value: (r) => r.count },
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    // The Chinese comma (，) is text, not a separator: no quotes needed.
    expect(csv.slice(1)).toBe(
      '承办单位,说明,数量\r\n环卫中心,垃圾满溢，清运不及时,3\r\n"城管 ""执法"" 局","第一行\n第二行",0\r\n',
    );
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps a resident’s text from running as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('names the download in Chinese with an ASCII fallback', () => {
    expect(attachmentHeader('统计.csv', 'statistics.csv')).toBe(
      `attachment; filename="statistics.csv"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1.csv`,
    );
  });
});
