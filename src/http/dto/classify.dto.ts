import { Transform } from 'class-transformer';
import { IsDefined, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CharLength } from './char-length';
import { Optional } from './rules';

export class ClassifyDto {
  @IsDefined({ message: '请提供要分类的文字' })
  @IsString({ message: 'text 必须是文字' })
  @CharLength(1, 4000, { message: '文字长度需在 1 到 4000 字之间' })
  @JSONSchema({ description: '群众反映的原文', example: '3号楼2单元楼道里堆满了纸箱和旧家具' })
  text!: string;

  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '地址必须是文字' })
  @CharLength(1, 200, { message: '地址长度需在 1 到 200 字之间' })
  @JSONSchema({ description: '地址，用于按区域的路由规则', example: '光明社区3号楼' })
  address?: string;
}
