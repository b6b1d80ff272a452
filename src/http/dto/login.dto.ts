import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { CleanText } from './rules';

export class LoginDto {
  @CleanText()
  @IsDefined({ message: '请填写用户名' })
  @IsString({ message: '用户名必须是文字' })
  @MinLength(1, { message: '请填写用户名' })
  @MaxLength(60, { message: '用户名最多 60 个字符' })
  username!: string;

  @IsDefined({ message: '请填写密码' })
  @IsString({ message: '密码必须是文字' })
  @MinLength(1, { message: '请填写密码' })
  @MaxLength(200, { message: '密码最多 200 个字符' })
  password!: string;
}
