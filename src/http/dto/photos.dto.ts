import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Optional } from './rules';

export class PhotoSizeQueryDto {
  @Optional()
  @IsIn(['full', 'thumb'], { message: 'size 必须是 full（原图）或 thumb（缩略图）' })
  @JSONSchema({ description: 'full：原图（默认）；thumb：缩略图' })
  size?: 'full' | 'thumb';
}
