import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Optional, trim } from './rules';

export class FeedbackDto {
  @IsDefined({ message: '请选择 1 到 5 星' })
  @IsInt({ message: '评分必须是 1 到 5 的整数' })
  @Min(1, { message: '评分最低 1 星' })
  @Max(5, { message: '评分最高 5 星' })
  @JSONSchema({ description: '1 到 5 星' })
  rating!: number;

  @Optional()
  @Transform(trim)
  @IsString({ message: '留言必须是文字' })
  @MaxLength(500, { message: '留言最多 500 字' })
  comment?: string;

  @Optional()
  @IsBoolean({ message: 'fixed 必须是 true 或 false' })
  @JSONSchema({ description: '问题是否已解决；false 时无论几星都会退回重新办理' })
  fixed?: boolean;
}

export class SimilarQueryDto {
  @ValidateIf((query: SimilarQueryDto) => query.subcategory === undefined)
  @IsDefined({ message: '请提供反映内容 text 或小类 subcategory' })
  @Transform(trim)
  @IsString({ message: 'text 必须是文字' })
  @MinLength(2, { message: 'text 至少 2 个字' })
  @MaxLength(2000, { message: 'text 最多 2000 字' })
  @JSONSchema({ description: '正在填写的反映内容（用于判断小类）' })
  text?: string;

  @Optional()
  @IsString({ message: 'subcategory 必须是文字' })
  @Matches(/^[a-z_]{2,40}$/, { message: 'subcategory 格式不正确' })
  subcategory?: string;

  @ValidateIf((query: SimilarQueryDto) => query.lat !== undefined || query.lng !== undefined)
  @IsDefined({ message: '填写坐标时纬度和经度都需要' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度必须是数字' })
  @Min(-90, { message: '纬度需在 -90 到 90 之间' })
  @Max(90, { message: '纬度需在 -90 到 90 之间' })
  lat?: number;

  @ValidateIf((query: SimilarQueryDto) => query.lat !== undefined || query.lng !== undefined)
  @IsDefined({ message: '填写坐标时纬度和经度都需要' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度必须是数字' })
  @Min(-180, { message: '经度需在 -180 到 180 之间' })
  @Max(180, { message: '经度需在 -180 到 180 之间' })
  lng?: number;

  @Optional()
  @Transform(trim)
  @IsString({ message: '地址必须是文字' })
  @MaxLength(200, { message: '地址最多 200 字' })
  address?: string;
}
